package com.dhakacart.api.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on placing orders, per client (X-Client-Token header or session cookie) and, much higher,
 * per IP address, so thousands of shoppers behind one mobile-carrier NAT are not punished for sharing
 * an address while one abusive client still is. Trusted addresses (our own storefront, which sends
 * every shopper's own client token) are limited per client only: all shoppers arrive from them.
 */
@ConfigurationProperties("dhakacart.ratelimit")
public record RateLimitSettings(@DefaultValue("true") boolean enabled,
                                @DefaultValue("30") int ordersPerClientPerMinute,
                                @DefaultValue("3000") int ordersPerIpPerMinute,
                                @DefaultValue({}) java.util.Set<String> trustedAddresses) {
}
