package com.dhakacart.api.order.payment;

import java.math.BigDecimal;
import org.springframework.stereotype.Component;

/** Cash on delivery: nothing to authorise now; the courier collects the total. */
@Component
class CashOnDelivery implements PaymentProvider {

    @Override
    public String method() {
        return "cod";
    }

    @Override
    public String begin(String orderId, BigDecimal amount) {
        return null;
    }
}
