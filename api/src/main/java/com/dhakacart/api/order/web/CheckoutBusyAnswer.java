package com.dhakacart.api.order.web;

import com.dhakacart.api.order.CheckoutBusy;
import java.net.URI;
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
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, busy.getMessage());
        body.setType(URI.create("https://dhakacart.com/problems/checkout-busy"));
        body.setTitle(HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
        body.setProperty("error", busy.getMessage());
        body.setProperty("retry_after_seconds", busy.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(busy.retryAfterSeconds()))
                .body(body);
    }
}
