package com.dhakacart.api.audit;

/**
 * Who makes a back-office change: the staff member (id, email, role as stored) and the client address it
 * came from. {@code staffId} is null for the command line, which acts outside any log-in.
 */
public record Actor(Long staffId, String email, String role, String clientAddress) {

    /** The operator at the server's command line (`./dhakacart staff add`): no account, no address. */
    public static Actor commandLine() {
        return new Actor(null, "(command line)", "owner", null);
    }
}
