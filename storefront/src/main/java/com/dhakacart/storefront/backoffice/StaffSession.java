package com.dhakacart.storefront.backoffice;

import java.time.Instant;

/**
 * A signed-in staff member as the storefront keeps them in the (Redis, JSON) session: the API's bearer
 * token and who it belongs to. The role is kept to choose which pages and buttons to show; the API checks
 * it again on every call, so a stale role here can show a button, never grant an action.
 */
public record StaffSession(String token, Instant expiresAt, long staffId, String email, String name, String role,
                           boolean mustChangePassword) {

    /** The session attribute it is stored under. */
    public static final String ATTRIBUTE = "dhakacart.staff";

    public StaffRole staffRole() {
        return StaffRole.fromApi(role);
    }

    public StaffSession passwordChanged() {
        return new StaffSession(token, expiresAt, staffId, email, name, role, false);
    }

    /** For the audit of our own logs: never the token. */
    @Override
    public String toString() {
        return "StaffSession[" + email + ", " + role + "]";
    }
}
