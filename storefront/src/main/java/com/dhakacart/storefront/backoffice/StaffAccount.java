package com.dhakacart.storefront.backoffice;

import java.time.OffsetDateTime;

/** A staff account as the owner's staff list shows it. */
public record StaffAccount(long id, String email, String name, String role, boolean disabled,
                           boolean mustChangePassword, OffsetDateTime createdAt) {
}
