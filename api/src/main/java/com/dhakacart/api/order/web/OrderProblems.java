package com.dhakacart.api.order.web;

import com.dhakacart.api.order.OrderRejected;
import com.dhakacart.api.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a rejected order with the status and problem type its reason means. It lives with the orders,
 * not in the shared {@code web/} package, so {@code web/} never depends on a feature.
 */
// Ahead of the shared handler: Spring asks advices in order, and that one's catch-all would answer 500.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
class OrderProblems {

    @ExceptionHandler(OrderRejected.class)
    ResponseEntity<Object> orderRejected(OrderRejected rejected) {
        HttpStatus status = switch (rejected.reason()) {
            case UNKNOWN_PRODUCT, UNKNOWN_ORDER -> HttpStatus.NOT_FOUND;
            case OUT_OF_STOCK, PRICE_CHANGED, ILLEGAL_STATUS_CHANGE -> HttpStatus.CONFLICT;
            case IDEMPOTENCY_KEY_REUSED, INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        ProblemDetail body = Problems.of(status, rejected.reason().slug(), rejected.getMessage());
        rejected.details().forEach(body::setProperty);
        return ResponseEntity.status(status).body(body);
    }
}
