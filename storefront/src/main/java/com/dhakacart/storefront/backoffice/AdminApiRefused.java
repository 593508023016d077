package com.dhakacart.storefront.backoffice;

import tools.jackson.databind.JsonNode;

/**
 * The admin API said no to a well-formed call (400, 404, 409, 422, 429): its RFC 9457 problem, to show to
 * the staff member as a message. 401 and 403 have their own types ({@link StaffSignedOut}, {@link StaffForbidden}).
 */
public class AdminApiRefused extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final transient JsonNode problem;

    public AdminApiRefused(int status, String title, String detail, JsonNode problem) {
        super(status + " " + title + (detail.isBlank() ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    /** What to show: the problem's title, and its detail when it adds something. */
    public String message() {
        if (detail.isBlank() || detail.equals(title)) {
            return title;
        }
        return title.isBlank() ? detail : title + ": " + detail;
    }

    public JsonNode problem() {
        return problem;
    }
}
