package com.dhakacart.storefront.shopapi;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the shop API is ready (its own /health/ready), asked afresh on every probe, so the storefront's
 * readiness fails while the API is down and recovers by itself when it is back: every page needs it.
 */
@Component("shopApiHealthIndicator") // reported as "shopApi" (Boot drops the suffix)
class ShopApiHealth implements HealthIndicator {

    private final ShopApi api;

    ShopApiHealth(ShopApi api) {
        this.api = api;
    }

    @Override
    public Health health() {
        try {
            int status = api.readiness();
            return status == 200 ? Health.up().build()
                    : Health.down().withDetail("api", "answered " + status + " to /health/ready").build();
        } catch (ApiUnavailable e) {
            return Health.down().withDetail("api", "unreachable").build();
        }
    }
}
