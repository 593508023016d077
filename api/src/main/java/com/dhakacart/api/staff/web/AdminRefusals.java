package com.dhakacart.api.staff.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The admin API's refusals as the same problem+json the rest of the API writes: 401 (with
 * {@code WWW-Authenticate: Bearer}) without a working token, 403 for the wrong role or a one-time password
 * still to change. Fixed texts, so they are written as they are, before any controller or converter runs.
 */
final class AdminRefusals {

    static final String CHANGE_PASSWORD_FIRST = "Change your one-time password first";

    private static final String UNAUTHORIZED = problem(401, "unauthorized", "Unauthorized",
            "Log in first: send Authorization: Bearer <token> from POST /api/admin/session");
    private static final String FORBIDDEN = problem(403, "forbidden", "Forbidden",
            "Your role may not do this");
    private static final String PASSWORD_FIRST = problem(403, "password-change-required", CHANGE_PASSWORD_FIRST,
            "Change your one-time password first: POST /api/admin/me/password");
    private static final String UNAVAILABLE = problem(503, "service-unavailable", "Service Unavailable",
            "The shop is briefly unavailable; please try again in a few seconds");

    private AdminRefusals() {
    }

    static void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, 401, UNAUTHORIZED);
    }

    static void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        boolean mustChange = who != null && who.getAuthorities().stream()
                .anyMatch(a -> StaffTokens.PASSWORD_CHANGE_REQUIRED.equals(a.getAuthority()));
        write(response, 403, mustChange ? PASSWORD_FIRST : FORBIDDEN);
    }

    static void unavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        write(response, 503, UNAVAILABLE);
    }

    private static void write(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }

    private static String problem(int status, String type, String title, String detail) {
        return "{\"type\":\"https://dhakacart.com/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\",\"error\":\"" + detail + "\"}";
    }
}
