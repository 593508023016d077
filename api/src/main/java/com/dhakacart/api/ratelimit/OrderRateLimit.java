package com.dhakacart.api.ratelimit;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Limits placing orders (per client token and per client address) and looking orders up by phone number
 * (per address and per order). It runs after Spring MVC has chosen the handler and judges the route
 * Spring matched, never the raw URI: {@code /api/orders;x=1} or {@code /api/%6frders} reach the same
 * controller as {@code /api/orders}, so they count against the same limit. Reads of the catalog are not
 * limited here (they are cached and cheap; floods are the ingress's job).
 */
@Configuration
class OrderRateLimit implements HandlerInterceptor, WebMvcConfigurer {

    static final String PLACE = "/api/orders";
    static final String READ = "/api/orders/{id}";

    private final Buckets buckets;
    private final RateLimitSettings settings;
    private final ClientAddresses addresses;

    OrderRateLimit(Buckets buckets, RateLimitSettings settings) {
        this.buckets = buckets;
        this.settings = settings;
        this.addresses = new ClientAddresses(settings.trustedProxies());
    }

    /** The one reading of X-Forwarded-For, for whoever else needs the client's address (log-ins, the audit log). */
    @org.springframework.context.annotation.Bean
    ClientAddresses clientAddresses() {
        return addresses;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!settings.enabled()) {
            return true;
        }
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if ("POST".equals(request.getMethod()) && PLACE.equals(route)) {
            placing(request);
        } else if ("GET".equals(request.getMethod()) && READ.equals(route) && request.getParameter("phone") != null) {
            lookingUpByPhone(request);
        }
        return true;
    }

    private void placing(HttpServletRequest request) {
        String client = clientKey(request);
        String address = addresses.clientOf(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        if (client != null) {
            refuseIfEmpty("orders:client", client, settings.ordersPerClientPerMinute(), Duration.ofMinutes(1),
                    "Too many orders from this client; please wait a minute");
        }
        // Our own storefront without a forwarded address speaks for every shopper: its shoppers are
        // limited by their client tokens and phone numbers instead.
        boolean speaksForMany = client != null && settings.trustedAddresses().contains(address);
        if (!speaksForMany) {
            refuseIfEmpty("orders:ip", address, settings.ordersPerIpPerMinute(), Duration.ofMinutes(1),
                    "Too many orders from this client; please wait a minute");
        }
    }

    private void lookingUpByPhone(HttpServletRequest request) {
        String address = addresses.clientOf(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        // The storefront asks for every shopper's "find my order" from one address: only the per-order
        // limit below applies to it, or one busy minute would shut the page for all shoppers.
        if (!settings.trustedAddresses().contains(address)) {
            refuseIfEmpty("lookup:ip", address, settings.phoneLookupsPerIpPerMinute(), Duration.ofMinutes(1),
                    "Too many order look-ups; please wait a minute");
        }
        @SuppressWarnings("unchecked")
        var variables = (java.util.Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String order = variables == null ? null : variables.get("id");
        if (order != null) {
            // Guessing a phone number for one order from many addresses is limited too.
            refuseIfEmpty("lookup:order", order, settings.phoneLookupsPerOrderPerHour(), Duration.ofHours(1),
                    "Too many look-ups of this order; please try again later or use the link from your receipt");
        }
    }

    private void refuseIfEmpty(String kind, String who, int limit, Duration period, String message) {
        OptionalLong wait = buckets.take(kind, who, limit, period);
        if (wait.isPresent()) {
            throw new TooManyRequests(message, wait.getAsLong());
        }
    }

    private static String clientKey(HttpServletRequest request) {
        String token = request.getHeader("X-Client-Token");
        if (token != null && !token.isBlank() && token.length() <= 128) {
            return "t:" + token;
        }
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if ("SESSION".equals(cookie.getName()) || "dc_session".equals(cookie.getName())) {
                    return "s:" + cookie.getValue();
                }
            }
        }
        return null;
    }
}
