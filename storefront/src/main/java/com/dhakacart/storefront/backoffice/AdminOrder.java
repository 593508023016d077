package com.dhakacart.storefront.backoffice;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** An order with everything staff need: the customer's data unmasked, its lines and its status history. */
public record AdminOrder(String id, String status, BigDecimal totalAmount, String customerName, String customerPhone,
                         String customerEmail, String deliveryAddress, String paymentMethod, OffsetDateTime createdAt,
                         List<Item> items, List<StatusChange> statusHistory, List<String> nextStatuses) {

    /**
     * The lifecycle of the contract, used only when the API does not say {@code next_statuses} itself. The
     * API refuses any other move with 409 either way.
     */
    private static final Map<String, List<String>> LIFECYCLE = Map.of(
            "pending", List.of("confirmed", "cancelled"),
            "confirmed", List.of("packed", "cancelled"),
            "packed", List.of("shipped", "cancelled"),
            "shipped", List.of("delivered"));

    /** The statuses this order may move to next, in the order the buttons show them. */
    public List<String> allowedNext() {
        if (nextStatuses != null) {
            return nextStatuses;
        }
        return LIFECYCLE.getOrDefault(status, List.of());
    }

    public record Item(Long productId, String productName, int quantity, BigDecimal price) {
    }

    public record StatusChange(String status, OffsetDateTime at, String by, String reason) {
    }
}
