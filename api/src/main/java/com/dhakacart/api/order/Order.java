package com.dhakacart.api.order;

import com.dhakacart.kernel.PhoneNumber;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A placed order with its lines, priced by the server. */
public record Order(String id, String accessToken, String status, String customerName, String customerEmail,
                    PhoneNumber customerPhone, String deliveryAddress, BigDecimal totalAmount, String paymentMethod,
                    List<Item> items, OffsetDateTime createdAt) {

    /** One line of an order at the price charged. */
    public record Item(long productId, String productName, int quantity, BigDecimal price) {
        public BigDecimal subtotal() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }
    }
}
