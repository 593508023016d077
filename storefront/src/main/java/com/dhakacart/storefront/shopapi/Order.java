package com.dhakacart.storefront.shopapi;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** An order as the API returns it; {@code accessToken} is only present right after placing it. */
public record Order(String id, String accessToken, String status, BigDecimal totalAmount, String customerName,
                    String customerPhone, String deliveryAddress, String paymentMethod, List<Item> items,
                    OffsetDateTime createdAt) {

    private static final ZoneId DHAKA = ZoneId.of("Asia/Dhaka");

    /** When it was placed, on the clock of the people who ordered it. */
    public LocalDateTime placedInDhaka() {
        return createdAt == null ? null : createdAt.atZoneSameInstant(DHAKA).toLocalDateTime();
    }

    /** One ordered line, priced by the server. */
    public record Item(long productId, String productName, int quantity, BigDecimal price) {

        public BigDecimal subtotal() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }
    }
}
