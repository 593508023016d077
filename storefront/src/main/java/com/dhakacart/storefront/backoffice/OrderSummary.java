package com.dhakacart.storefront.backoffice;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One line of an order list. */
public record OrderSummary(String id, String status, String customerName, String customerPhone,
                           BigDecimal totalAmount, String paymentMethod, OffsetDateTime createdAt, Integer itemCount) {
}
