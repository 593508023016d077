package com.dhakacart.api.web;

import org.springframework.http.HttpStatus;

/** The thing asked for does not exist (or the caller may not know that it does). */
public class NotFound extends ApiProblem {
    public NotFound(String message) {
        super(HttpStatus.NOT_FOUND, "not-found", message);
    }
}
