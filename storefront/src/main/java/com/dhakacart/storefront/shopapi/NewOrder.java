package com.dhakacart.storefront.shopapi;

import java.math.BigDecimal;
import java.util.List;

/** The original DhakaCart order payload the API's POST /api/orders takes. */
public record NewOrder(String customerName, String customerEmail, String customerPhone, String deliveryAddress,
                       BigDecimal totalAmount, List<Item> items, String paymentMethod) {

    /** One line: the product, how many, and the unit price the shopper was shown. */
    public record Item(long productId, int quantity, BigDecimal price) {
    }
}
