package com.dhakacart.api.catalog.web;

import com.dhakacart.api.catalog.ProductRejected;
import com.dhakacart.api.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a refused product change with the status its reason means. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
class CatalogProblems {

    @ExceptionHandler(ProductRejected.class)
    ResponseEntity<Object> rejected(ProductRejected rejected) {
        HttpStatus status = switch (rejected.reason()) {
            case UNKNOWN_PRODUCT -> HttpStatus.NOT_FOUND;
            case NOT_ENOUGH_STOCK -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        String type = switch (rejected.reason()) {
            case UNKNOWN_PRODUCT -> "not-found";
            case NOT_ENOUGH_STOCK -> "out-of-stock";
            case INVALID -> "validation-failed";
        };
        ProblemDetail body = Problems.of(status, type, rejected.getMessage());
        rejected.details().forEach(body::setProperty);
        return ResponseEntity.status(status).body(body);
    }
}
