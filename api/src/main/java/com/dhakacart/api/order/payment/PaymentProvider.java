package com.dhakacart.api.order.payment;

import java.math.BigDecimal;

/**
 * A way to pay for an order. Cash on delivery is the default; mobile wallets (bKash, Nagad) plug in
 * as further implementations without touching order placement.
 */
public interface PaymentProvider {

    /** The {@code payment_method} value clients send, e.g. {@code cod}. */
    String method();

    /** Starts payment for an order about to be written; returns a provider reference or null. */
    String begin(String orderId, BigDecimal amount);
}
