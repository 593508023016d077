package com.dhakacart.storefront.order;

import com.dhakacart.storefront.cart.Cart;
import com.dhakacart.storefront.cart.CartPricing;
import com.dhakacart.storefront.cart.PricedCart;
import com.dhakacart.storefront.shopapi.CheckoutBusy;
import com.dhakacart.storefront.shopapi.NewOrder;
import com.dhakacart.storefront.shopapi.OrderRejected;
import com.dhakacart.storefront.shopapi.ShopApi;
import org.springframework.stereotype.Service;

/**
 * Places the cart as a cash-on-delivery order at the prices the shopper was shown. The API is the
 * judge of stock and prices; when it refuses, this works out in shopper's terms why.
 */
@Service
public class Checkout {

    private final ShopApi api;
    private final CartPricing pricing;

    public Checkout(ShopApi api, CartPricing pricing) {
        this.api = api;
        this.pricing = pricing;
    }

    public CheckoutOutcome place(Cart cart, CustomerDetails customer, String idempotencyKey, String shopper) {
        NewOrder order = new NewOrder(customer.name().strip(), customer.email().strip(), customer.phone().strip(),
                customer.address().strip(), cart.total().amount(),
                cart.lines().stream()
                        .map(line -> new NewOrder.Item(line.productId(), line.quantity(), line.unitPrice()))
                        .toList(),
                "cod");
        try {
            return new CheckoutOutcome.Placed(api.placeOrder(order, idempotencyKey, shopper));
        } catch (OrderRejected rejected) {
            return explain(cart, rejected);
        } catch (CheckoutBusy busy) {
            return new CheckoutOutcome.Busy(busy.retryAfterSeconds());
        }
    }

    /**
     * The API's 409 names one product; asking it again for the whole cart's current stock and prices
     * tells the shopper everything that needs their attention at once.
     */
    private CheckoutOutcome explain(Cart cart, OrderRejected rejected) {
        if (rejected.isConflict()) {
            PricedCart now = pricing.price(cart);
            if (!now.shortages().isEmpty()) {
                return new CheckoutOutcome.NotEnoughStock(now.shortages(), now.cart());
            }
            if (!now.priceChanges().isEmpty() || now.productsRemoved()) {
                return new CheckoutOutcome.PricesChanged(now.priceChanges(), now.cart());
            }
        }
        return new CheckoutOutcome.Refused(rejected.error());
    }
}
