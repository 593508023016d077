package com.dhakacart.api.order;

import com.dhakacart.api.order.payment.PaymentProvider;
import java.util.concurrent.CompletableFuture;

/** An order waiting in a checkout lane, and the answer its shopper is waiting for. */
final class PendingOrder {

    final OrderRequest request;
    final PaymentProvider payment;
    final String fingerprint;
    final CompletableFuture<OrderPlacement.Placed> answer = new CompletableFuture<>();

    PendingOrder(OrderRequest request, PaymentProvider payment) {
        this.request = request;
        this.payment = payment;
        this.fingerprint = request.fingerprint();
    }

    /**
     * The lane this order queues in: its lowest product id. Every order for a hot product that starts
     * with it shares one lane, so one writer takes its stock for many orders at once.
     */
    long lane() {
        return request.lines().stream().mapToLong(OrderRequest.Line::productId).min().orElse(0);
    }

    String idempotencyKey() {
        return request.idempotencyKey();
    }
}
