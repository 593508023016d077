package com.dhakacart.api.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Lets web frontends on the configured origins (the original React shop on its own origin) call the API
 * from a browser. A servlet filter ahead of everything else, so even answers that never reach a
 * controller (429 rate limit, 413 body too large) carry the CORS headers the browser needs to show them.
 */
@Configuration
class CrossOrigin {

    /** Request headers clients send: JSON bodies, retries, per-client limits and order look-ups. */
    static final List<String> ALLOWED_HEADERS = List.of("Content-Type", "Accept", "Idempotency-Key",
            "X-Client-Token", "X-Order-Token", "X-Request-Id", "If-None-Match");
    /** Answer headers a browser script may read. */
    static final List<String> EXPOSED_HEADERS = List.of("Retry-After", "Idempotent-Replayed", "X-Request-Id",
            "ETag", "Location");

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(CorsSettings settings) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(settings.origins());
        config.setAllowedMethods(List.of("GET", "HEAD", "POST"));
        config.setAllowedHeaders(ALLOWED_HEADERS);
        config.setExposedHeaders(EXPOSED_HEADERS);
        // No cookies or HTTP auth cross-origin: the API identifies orders by token, not by session.
        config.setAllowCredentials(false);
        config.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Refusals as problem+json like every other error, instead of Spring's plain "Invalid CORS request". */
    static final class ProblemCorsProcessor extends DefaultCorsProcessor {
        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
            servlet.setStatus(403);
            servlet.setContentType("application/problem+json");
            servlet.setCharacterEncoding(StandardCharsets.UTF_8.name());
            String message = "This origin, method or header is not allowed to call the API from a browser;"
                    + " the operator can add the origin to DHAKACART_CORS_ORIGINS";
            servlet.getWriter().write("""
                    {"type":"https://dhakacart.com/problems/cors-refused","title":"Forbidden","status":403,\
                    "detail":"%1$s","error":"%1$s"}""".formatted(message));
            servlet.flushBuffer();
        }
    }
}
