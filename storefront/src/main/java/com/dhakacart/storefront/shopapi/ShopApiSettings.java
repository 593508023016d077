package com.dhakacart.storefront.shopapi;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the DhakaCart API is and how long a page may wait for it, bound to {@code dhakacart.api.*}.
 * The timeouts are short on purpose: a shopper should see the "shop is unavailable" page within a
 * few seconds, not a spinner that never ends.
 */
@ConfigurationProperties("dhakacart.api")
public record ShopApiSettings(@DefaultValue("http://127.0.0.1:5000") URI baseUrl,
                              @DefaultValue("1s") Duration connectTimeout,
                              @DefaultValue("5s") Duration readTimeout) {
}
