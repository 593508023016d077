package com.dhakacart.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes one JSON log line per request (request id, method, route template, status, latency and, when
 * known, the customer hash) and echoes the request id in {@code X-Request-Id} for support calls.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLog extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("dhakacart.request");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        String given = request.getHeader("X-Request-Id");
        String requestId = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        response.setHeader("X-Request-Id", requestId);
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            MDC.put("method", request.getMethod());
            MDC.put("route", route != null ? route.toString() : "unmatched");
            MDC.put("status", String.valueOf(response.getStatus()));
            MDC.put("latency_ms", String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e6));
            Object customer = request.getAttribute(Customers.ATTRIBUTE);
            if (customer != null) {
                MDC.put("customer", customer.toString());
            }
            if (response.getStatus() >= 500) {
                log.warn("request failed");
            } else {
                log.info("request");
            }
            MDC.clear();
        }
    }
}
