package com.dhakacart.api;

import com.dhakacart.testing.SharedServices;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base for most API integration tests: a fresh database in the shared PostgreSQL of this test run, and
 * the shared Redis.
 */
public abstract class ApiTestSupport extends ApiHttpSupport {
    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        // Each test class gets its own Spring context, so this runs once per class: a fresh database each.
        String url = SharedServices.freshDatabase(ApiTestSupport.class);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.data.redis.url", () -> SharedServices.redis().url());
        // The Redis is shared by the whole run: each class counts its own rate limits.
        registry.add("dhakacart.ratelimit.namespace", () -> "test:" + url.substring(url.lastIndexOf('/') + 1));
    }

}
