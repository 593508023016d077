package com.dhakacart.api.order.payment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Every payment provider this instance offers, by method name. */
@Component
public class PaymentProviders {

    private final Map<String, PaymentProvider> byMethod = new TreeMap<>();

    PaymentProviders(List<PaymentProvider> providers) {
        providers.forEach(p -> byMethod.put(p.method(), p));
    }

    public Optional<PaymentProvider> forMethod(String method) {
        return Optional.ofNullable(byMethod.get(method));
    }

    public String methods() {
        return String.join(", ", byMethod.keySet());
    }
}
