package com.dhakacart.storefront.order;

import com.dhakacart.storefront.cart.Cart;
import com.dhakacart.storefront.cart.PricedCart;
import com.dhakacart.storefront.shopapi.Order;
import java.util.List;

/** What happened when the shopper pressed "Place order". */
public sealed interface CheckoutOutcome {

    /** The order exists; the cart can be emptied. */
    record Placed(Order order) implements CheckoutOutcome {
    }

    /** Someone bought the stock first: these lines ask for more than is left. Nothing was ordered. */
    record NotEnoughStock(List<PricedCart.Line> shortages, Cart cart) implements CheckoutOutcome {
    }

    /**
     * Prices moved since the shopper saw them. Nothing was ordered; the cart now holds the new prices
     * and the shopper confirms by placing the order again.
     */
    record PricesChanged(List<PricedCart.PriceChange> changes, Cart cart) implements CheckoutOutcome {
    }

    /**
     * Too many shoppers are checking out this second; nothing was ordered. The waiting room sends the
     * same order again (same key, so never twice) after {@code retryAfterSeconds}.
     */
    record Busy(int retryAfterSeconds) implements CheckoutOutcome {
    }

    /** The API refused for another reason (e.g. a phone number it does not accept), in its own words. */
    record Refused(String reason) implements CheckoutOutcome {
    }
}
