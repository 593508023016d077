package com.dhakacart.api.ratelimit;

import com.dhakacart.api.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** A limit was reached: 429 problem+json with Retry-After; nothing was done. */
public class TooManyRequests extends ApiProblem {
    TooManyRequests(String message, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", message);
        withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
}
