package com.dhakacart.api.order;

/** An order was committed (its stock taken); published once per order, after its batch's commit. */
public record OrderPlaced(Order order) {
}
