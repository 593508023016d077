package com.dhakacart.api.staff;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a staff member may do; stored and shown in lower case ({@code "order_handler"}). */
public enum Role {
    OWNER, CATALOG_MANAGER, ORDER_HANDLER, SUPPORT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(value)).findFirst();
    }
}
