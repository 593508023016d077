package com.dhakacart.api.order;

import java.util.LinkedHashMap;
import java.util.Map;

/** An order the shop will not take, with why and what the client needs to fix it; nothing was written. */
public class OrderRejected extends RuntimeException {

    /** Why an order was refused; each maps to one HTTP status and problem type at the edge. */
    public enum Reason {
        UNKNOWN_PRODUCT("unknown-product"),
        OUT_OF_STOCK("out-of-stock"),
        PRICE_CHANGED("price-changed"),
        IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
        INVALID("validation-failed"),
        UNKNOWN_ORDER("not-found"),
        ILLEGAL_STATUS_CHANGE("illegal-status-change");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;
    private final Map<String, Object> details = new LinkedHashMap<>();

    public OrderRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    OrderRejected with(String name, Object value) {
        details.put(name, value);
        return this;
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, Object> details() {
        return details;
    }
}
