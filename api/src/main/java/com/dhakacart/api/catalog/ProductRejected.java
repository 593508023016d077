package com.dhakacart.api.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/** A back-office change to a product the shop refuses, with why; nothing was changed. */
public class ProductRejected extends RuntimeException {

    /** Why; each maps to one HTTP status at the edge. */
    public enum Reason { UNKNOWN_PRODUCT, NOT_ENOUGH_STOCK, INVALID }

    private final Reason reason;
    private final Map<String, Object> details = new LinkedHashMap<>();

    ProductRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    ProductRejected with(String name, Object value) {
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
