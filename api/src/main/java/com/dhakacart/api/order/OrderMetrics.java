package com.dhakacart.api.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The business counters on /actuator/prometheus: orders placed and their value. */
@Component
class OrderMetrics {

    private final Counter placed;
    private final Counter revenue;

    OrderMetrics(MeterRegistry metrics) {
        this.placed = Counter.builder("dhakacart.orders.placed").description("Orders placed").register(metrics);
        this.revenue = Counter.builder("dhakacart.revenue.bdt").description("Value of orders placed, in BDT")
                .baseUnit("bdt").register(metrics);
    }

    @EventListener
    void on(OrderPlaced event) {
        placed.increment();
        revenue.increment(event.order().total().amount().doubleValue()); // metrics only; money stays BigDecimal
    }
}
