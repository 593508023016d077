package com.dhakacart.storefront.shopapi;

/**
 * The API's checkout queue is full (503 {@code checkout-busy}): nothing was ordered, and the same order
 * may be sent again (with the same Idempotency-Key) after {@code retryAfterSeconds}.
 */
public class CheckoutBusy extends RuntimeException {

    private final int retryAfterSeconds;

    public CheckoutBusy(int retryAfterSeconds) {
        super("the shop API's checkout queue is full; retry after " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
