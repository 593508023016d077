package com.dhakacart.api.ratelimit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Fixed-window limits on POST /api/orders, counted in Redis so every API replica shares them. Reads are
 * not limited here (they are cached and cheap; floods are the ingress's job). If Redis is down the limit
 * fails open: losing sales to a cache outage would be worse than a minute without limits.
 */
@Component
class OrderRateLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OrderRateLimit.class);
    // INCR and EXPIRE in one atomic step: the first hit of a window sets its expiry.
    private static final RedisScript<Long> HIT = RedisScript.of(
            "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n",
            Long.class);

    private final StringRedisTemplate redis;
    private final RateLimitSettings settings;
    // After a Redis failure, skip Redis for a few seconds instead of paying its timeout on every order.
    private volatile long redisRetryAt;

    OrderRateLimit(StringRedisTemplate redis, RateLimitSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !settings.enabled() || !"POST".equals(request.getMethod())
                || !"/api/orders".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long window = System.currentTimeMillis() / 60_000;
        String client = clientKey(request);
        boolean trusted = client != null && settings.trustedAddresses().contains(request.getRemoteAddr());
        boolean limited = (client != null && over("client:" + client, window, settings.ordersPerClientPerMinute()))
                || (!trusted && over("ip:" + request.getRemoteAddr(), window, settings.ordersPerIpPerMinute()));
        if (limited) {
            response.setStatus(429);
            response.setHeader("Retry-After", String.valueOf(60 - (System.currentTimeMillis() / 1000) % 60));
            response.setContentType("application/problem+json");
            response.getWriter().write("""
                    {"type":"https://dhakacart.com/problems/too-many-requests","title":"Too Many Requests",\
                    "status":429,"detail":"Too many orders from this client; please wait a minute",\
                    "error":"Too many orders from this client; please wait a minute"}""");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean over(String who, long window, int limit) {
        if (System.currentTimeMillis() < redisRetryAt) {
            return false;
        }
        try {
            Long count = redis.execute(HIT, List.of("dhakacart:rl:orders:" + who + ":" + window), "70");
            return count != null && count > limit;
        } catch (RuntimeException redisDown) {
            redisRetryAt = System.currentTimeMillis() + 5_000;
            log.debug("rate limit skipped, Redis unavailable: {}", redisDown.getMessage());
            return false;
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
