package com.dhakacart.storefront.order;

import com.dhakacart.storefront.cart.Cart;
import com.dhakacart.storefront.cart.CartPricing;
import com.dhakacart.storefront.cart.PricedCart;
import com.dhakacart.storefront.shopapi.CheckoutBusy;
import com.dhakacart.storefront.shopapi.NewOrder;
import com.dhakacart.storefront.shopapi.OrderRejected;
import com.dhakacart.storefront.shopapi.ShopApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

/**
 * Places the cart as a cash-on-delivery order at the prices the shopper was shown. The API is the
 * judge of stock and prices; when it refuses, this works out in shopper's terms why.
 */
@Service
public class Checkout {

    private final ShopApi api;
    private final CartPricing pricing;
    private final MeterRegistry metrics;

    public Checkout(ShopApi api, CartPricing pricing, MeterRegistry metrics) {
        this.api = api;
        this.pricing = pricing;
        this.metrics = metrics;
    }

    public CheckoutOutcome place(Cart cart, CustomerDetails customer, String idempotencyKey, String shopper) {
        NewOrder order = new NewOrder(customer.name().strip(), customer.email().strip(), customer.phone().strip(),
                customer.address().strip(), cart.total().amount(),
                cart.lines().stream()
                        .map(line -> new NewOrder.Item(line.productId(), line.quantity(), line.unitPrice()))
                        .toList(),
                "cod");
        CheckoutOutcome outcome;
        try {
            outcome = new CheckoutOutcome.Placed(api.placeOrder(order, idempotencyKey, shopper));
        } catch (OrderRejected rejected) {
            outcome = explain(cart, rejected);
        } catch (CheckoutBusy busy) {
            outcome = new CheckoutOutcome.Busy(busy.retryAfterSeconds());
        } catch (RuntimeException unavailable) {
            count("unavailable");
            throw unavailable;
        }
        count(switch (outcome) {
            case CheckoutOutcome.Placed placed -> "placed";
            case CheckoutOutcome.NotEnoughStock shortage -> "not_enough_stock";
            case CheckoutOutcome.PricesChanged changed -> "prices_changed";
            case CheckoutOutcome.Refused refused -> "refused";
            case CheckoutOutcome.Busy busy -> "busy";
        });
        return outcome;
    }

    private void count(String outcome) {
        metrics.counter("dhakacart.storefront.checkouts", "outcome", outcome).increment();
    }

    /**
     * The API's 409 names one product; asking it again for the whole cart's current stock and prices
     * tells the shopper everything that needs their attention at once.
     */
    private CheckoutOutcome explain(Cart cart, OrderRejected rejected) {
        if (rejected.isConflict()) {
            PricedCart now = withStockTheApiReported(pricing.price(cart), rejected);
            if (!now.shortages().isEmpty()) {
                return new CheckoutOutcome.NotEnoughStock(now.shortages(), now.cart());
            }
            if (!now.priceChanges().isEmpty() || now.productsRemoved()) {
                return new CheckoutOutcome.PricesChanged(now.priceChanges(), now.cart());
            }
        }
        return new CheckoutOutcome.Refused(rejected.error());
    }

    /**
     * The 409 names the product and the stock the order met ({@code product_id}, {@code available}); the
     * catalog asked just after may not show that stock yet (it follows orders within a second), so the
     * lower of the two counts: the shopper is told the shortage, not a bare refusal.
     */
    private static PricedCart withStockTheApiReported(PricedCart now, OrderRejected rejected) {
        tools.jackson.databind.JsonNode body = rejected.body();
        if (body == null || !body.path("product_id").canConvertToLong() || !body.path("available").canConvertToInt()) {
            return now;
        }
        long product = body.path("product_id").asLong();
        int available = body.path("available").asInt();
        java.util.List<PricedCart.Line> lines = now.lines().stream()
                .map(l -> l.productId() == product && l.stock() > available
                        ? new PricedCart.Line(l.productId(), l.name(), l.imageUrl(), l.imageSrcset(), l.quantity(), l.unitPrice(), available)
                        : l)
                .toList();
        return new PricedCart(now.cart(), lines, now.priceChanges(), now.productsRemoved());
    }
}
