package com.dhakacart.api.ratelimit;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on placing and looking up orders. Orders are limited per client (X-Client-Token header or
 * session cookie), per phone number (E.164) and, much higher, per client address, so thousands of
 * shoppers behind one mobile-carrier NAT are not punished for sharing an address while one abusive
 * client still is, and a fresh client token per request does not escape the address and phone limits.
 * {@code trustedAddresses} (our own storefront when it does not forward the shopper's address) are
 * limited per client and phone only, and their phone look-ups per order only. {@code trustedProxies} (exact addresses or CIDR ranges) are the only
 * callers whose X-Forwarded-For is believed; by default none. {@code namespace} prefixes the Redis keys,
 * so shops (or test classes) sharing one Redis keep their counts apart. Staff log-ins: the failure that
 * uses up {@code loginFailuresPerEmailPerMinute} (or, per client address, {@code loginFailuresPerIpPerMinute})
 * locks that email (or address) out for {@code loginLockoutMinutes} ({@link LoginLimits}).
 */
@ConfigurationProperties("dhakacart.ratelimit")
public record RateLimitSettings(@DefaultValue("true") boolean enabled,
                                @DefaultValue("30") int ordersPerClientPerMinute,
                                @DefaultValue("3000") int ordersPerIpPerMinute,
                                @DefaultValue("20") int ordersPerPhonePerHour,
                                @DefaultValue("30") int phoneLookupsPerIpPerMinute,
                                @DefaultValue("10") int phoneLookupsPerOrderPerHour,
                                @DefaultValue("5") int loginFailuresPerEmailPerMinute,
                                @DefaultValue("20") int loginFailuresPerIpPerMinute,
                                @DefaultValue("15") int loginLockoutMinutes,
                                @DefaultValue({}) Set<String> trustedAddresses,
                                @DefaultValue({}) Set<String> trustedProxies,
                                @DefaultValue("dhakacart:rl") String namespace) {
}
