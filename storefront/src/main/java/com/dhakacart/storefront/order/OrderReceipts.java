package com.dhakacart.storefront.order;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The orders this shopper placed in this session: order number to access token (needed to show the
 * confirmation page), and which checkout form produced which order (so a repeated submit of the same
 * form shows that order instead of an empty cart). Immutable; keeps only the last few.
 */
public record OrderReceipts(Map<String, String> tokens, Map<String, String> ordersByCheckout) implements Serializable {

    private static final int KEEP = 10;
    public static final OrderReceipts NONE = new OrderReceipts(Map.of(), Map.of());

    public OrderReceipts {
        // Insertion-ordered, so the oldest entry is the one dropped.
        tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        ordersByCheckout = Collections.unmodifiableMap(new LinkedHashMap<>(ordersByCheckout));
    }

    public OrderReceipts with(String orderId, String token, String checkoutKey) {
        return new OrderReceipts(keepLast(tokens, orderId, token), keepLast(ordersByCheckout, checkoutKey, orderId));
    }

    public Optional<String> token(String orderId) {
        return Optional.ofNullable(orderId == null ? null : tokens.get(orderId));
    }

    public Optional<String> orderFor(String checkoutKey) {
        return Optional.ofNullable(checkoutKey == null ? null : ordersByCheckout.get(checkoutKey));
    }

    private static Map<String, String> keepLast(Map<String, String> map, String key, String value) {
        LinkedHashMap<String, String> next = new LinkedHashMap<>(map);
        next.remove(key);
        next.put(key, value);
        while (next.size() > KEEP) {
            next.remove(next.keySet().iterator().next());
        }
        return next;
    }
}
