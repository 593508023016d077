package com.dhakacart.api.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checkout lanes: at most {@code batchSize} orders share one transaction (one row lock, one stock
 * update, one commit), and at most {@code queueCapacity} orders wait in this instance; past that a
 * shopper is told at once to retry (503 with Retry-After) instead of timing out.
 */
@ConfigurationProperties("dhakacart.checkout")
public record CheckoutSettings(@DefaultValue("200") int batchSize,
                               @DefaultValue("2000") int queueCapacity,
                               @DefaultValue("2") int retryAfterSeconds) {
}
