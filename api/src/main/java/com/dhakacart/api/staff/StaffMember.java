package com.dhakacart.api.staff;

import java.time.OffsetDateTime;

/** A staff account as the shop knows it (never with its password hash). */
public record StaffMember(long id, String email, String name, Role role, boolean mustChangePassword,
                          boolean disabled, OffsetDateTime createdAt) {
}
