package com.dhakacart.api.order.web;

import com.dhakacart.api.order.Order;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An order as the API shows it; the access token only to whoever placed the order. {@code customer_phone}
 * is the number as the customer wrote it (what the original client shows), {@code customer_phone_e164}
 * the same in E.164.
 */
record OrderView(String id, String accessToken, String status, String customerName, String customerEmail,
                 String customerPhone, String customerPhoneE164, String deliveryAddress, BigDecimal totalAmount, String paymentMethod,
                 List<ItemView> items, OffsetDateTime createdAt) {

    record ItemView(long productId, String productName, int quantity, BigDecimal price, BigDecimal subtotal) {
    }

    /**
     * The order as a look-up by phone number may show it: every field the original client reads is present,
     * the personal ones masked ({@link PersonalData}).
     */
    static OrderView masked(Order order) {
        OrderView full = of(order, false);
        return new OrderView(full.id, null, full.status, PersonalData.name(full.customerName),
                PersonalData.email(full.customerEmail), PersonalData.phone(full.customerPhone),
                PersonalData.phone(full.customerPhoneE164), PersonalData.address(full.deliveryAddress),
                full.totalAmount, full.paymentMethod, full.items, full.createdAt);
    }

    static OrderView of(Order order, boolean withToken) {
        return new OrderView(order.id(), withToken ? order.accessToken() : null, order.status().wire(),
                order.customerName(), order.customerEmail(), order.customerPhone().asWritten(),
                order.customerPhone().e164(), order.deliveryAddress(), order.total().amount(),
                order.paymentMethod(),
                order.items().stream().map(i -> new ItemView(i.productId(), i.productName(), i.quantity(),
                        i.price().amount(), i.subtotal().amount())).toList(),
                order.createdAt());
    }
}
