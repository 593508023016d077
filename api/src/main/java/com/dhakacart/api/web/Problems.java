package com.dhakacart.api.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the API's RFC 9457 problem bodies, so every feature's {@code web/} answers in the same shape: a
 * problem type under one base URI plus the original client's {@code error} string.
 */
public final class Problems {

    private static final String TYPE_BASE = "https://dhakacart.com/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String type, String message) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, message);
        body.setType(URI.create(TYPE_BASE + type));
        body.setTitle(status.getReasonPhrase());
        body.setProperty("error", message);
        return body;
    }
}
