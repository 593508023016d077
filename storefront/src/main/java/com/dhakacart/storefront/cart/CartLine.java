package com.dhakacart.storefront.cart;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One product in a cart: how many, and the unit price the shopper was last shown, which is the price
 * the order is placed at (the API refuses it if the real price has moved since).
 */
public record CartLine(long productId, String name, int quantity, BigDecimal unitPrice) implements Serializable {

    public CartLine withQuantity(int newQuantity) {
        return new CartLine(productId, name, newQuantity, unitPrice);
    }

    public CartLine withPrice(BigDecimal newPrice) {
        return new CartLine(productId, name, quantity, newPrice);
    }
}
