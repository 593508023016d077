package com.dhakacart.api.order.web;

import com.dhakacart.api.order.CheckoutBusy;
import com.dhakacart.api.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Admission control's answer: 503 problem+json with Retry-After when the checkout queue is full, so a
 * shopper (or the storefront's waiting room) retries shortly instead of waiting for a timeout.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before the catch-all advice, which would make it a 500
class CheckoutBusyAnswer {

    @ExceptionHandler(CheckoutBusy.class)
    ResponseEntity<ProblemDetail> busy(CheckoutBusy busy) {
        ProblemDetail body = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "checkout-busy", busy.getMessage());
        body.setProperty("retry_after_seconds", busy.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(busy.retryAfterSeconds()))
                .body(body);
    }
}
