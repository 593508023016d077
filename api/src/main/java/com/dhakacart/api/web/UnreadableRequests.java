package com.dhakacart.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before any handler sees them, requests that would otherwise fail deep inside as a 500 (both
 * found by fuzzing): a NUL character anywhere in the query or the path (400; PostgreSQL cannot store or
 * compare U+0000 in text, so {@code ?search=%00} reached the database; no parameter of this API ever holds
 * one; JSON bodies are checked by their own validation), and a Content-Type that is no concrete media type
 * such as {@code *}{@code /*} or garbage (415; Spring's body reading throws on it).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class UnreadableRequests extends OncePerRequestFilter {

    private static final String REFUSED = """
            {"type":"https://dhakacart.com/problems/bad-request","title":"Bad Request","status":400,\
            "detail":"The request contains a NUL character (%00), which no parameter may hold",\
            "error":"The request contains a NUL character (%00), which no parameter may hold"}""";

    private static final String NOT_A_MEDIA_TYPE = """
            {"type":"https://dhakacart.com/problems/unsupported-media-type","title":"Unsupported Media Type",\
            "status":415,"detail":"Content-Type must be a media type such as application/json",\
            "error":"Content-Type must be a media type such as application/json"}""";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (hasNul(request)) {
            response.setStatus(400);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(REFUSED);
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && !concrete(contentType)) {
            response.setStatus(415);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(NOT_A_MEDIA_TYPE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean concrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean hasNul(HttpServletRequest request) {
        // Raw, as sent: getParameterMap would read a form body. %00 in either case, or a bare NUL.
        String raw = request.getRequestURI() + "?" + (request.getQueryString() == null ? "" : request.getQueryString());
        return raw.indexOf('\0') >= 0 || raw.toLowerCase(Locale.ROOT).contains("%00");
    }
}
