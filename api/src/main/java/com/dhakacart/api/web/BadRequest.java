package com.dhakacart.api.web;

import org.springframework.http.HttpStatus;

/** A request the API cannot read: a malformed parameter or body. */
public class BadRequest extends ApiProblem {
    public BadRequest(String message) {
        super(HttpStatus.BAD_REQUEST, "bad-request", message);
    }
}
