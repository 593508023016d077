package com.dhakacart.api.staff.web;

import com.dhakacart.api.staff.StaffRejected;
import com.dhakacart.api.web.Problems;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a refused staff request with the status its reason means. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
class StaffProblems {

    @ExceptionHandler(StaffRejected.class)
    ResponseEntity<Object> rejected(StaffRejected rejected) {
        HttpStatus status = switch (rejected.reason()) {
            case WRONG_CREDENTIALS -> HttpStatus.UNAUTHORIZED;
            case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
            case UNKNOWN_STAFF -> HttpStatus.NOT_FOUND;
            case EMAIL_TAKEN, LAST_OWNER -> HttpStatus.CONFLICT;
            case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        String type = switch (rejected.reason()) {
            case WRONG_CREDENTIALS -> "wrong-credentials";
            case INVALID -> "validation-failed";
            case UNKNOWN_STAFF -> "not-found";
            case EMAIL_TAKEN -> "email-taken";
            case LAST_OWNER -> "last-owner";
            case BUSY -> "service-unavailable";
        };
        ProblemDetail body = Problems.of(status, type,
                rejected.reason() == StaffRejected.Reason.INVALID ? "Validation failed" : rejected.getMessage());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        switch (rejected.reason()) {
            // The same body for an unknown email and a wrong password: nothing tells which it was.
            case WRONG_CREDENTIALS -> body.setTitle("Wrong email or password");
            case INVALID -> body.setProperty("errors", List.of(Map.of("field", rejected.field(),
                    "message", rejected.getMessage())));
            case BUSY -> answer.header("Retry-After", "5");
            default -> { }
        }
        return answer.body(body);
    }
}
