package com.dhakacart.storefront.backoffice;

import java.util.Locale;

/** The roles of the admin API's contract, by their JSON names ({@code order_handler}). */
public enum StaffRole {
    OWNER, CATALOG_MANAGER, ORDER_HANDLER, SUPPORT;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An unknown role (a newer API) is treated as the weakest one. */
    public static StaffRole fromApi(String name) {
        for (StaffRole role : values()) {
            if (role.apiName().equals(name)) {
                return role;
            }
        }
        return SUPPORT;
    }
}
