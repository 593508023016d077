package com.dhakacart.storefront.cart;

import com.dhakacart.storefront.shopapi.Product;
import com.dhakacart.storefront.shopapi.ShopApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Checks a cart against the API's current prices and stock. The result's cart carries the current
 * prices, so once the shopper has been shown them, the order goes out at those prices.
 */
@Service
public class CartPricing {

    private final ShopApi api;

    public CartPricing(ShopApi api) {
        this.api = api;
    }

    public PricedCart price(Cart cart) {
        if (cart.isEmpty()) {
            return new PricedCart(cart, List.of(), List.of(), false);
        }
        Map<Long, Product> current = api.products(cart.productIds());
        Cart repriced = cart;
        List<PricedCart.Line> lines = new ArrayList<>();
        List<PricedCart.PriceChange> changes = new ArrayList<>();
        boolean removed = false;
        for (CartLine line : cart.lines()) {
            Product product = current.get(line.productId());
            if (product == null) {
                repriced = repriced.remove(line.productId());
                removed = true;
                continue;
            }
            if (product.price().compareTo(line.unitPrice()) != 0) {
                changes.add(new PricedCart.PriceChange(product.name(), line.unitPrice(), product.price()));
                repriced = repriced.withPrice(line.productId(), product.price());
            }
            lines.add(new PricedCart.Line(product.id(), product.name(), product.imageUrl(), product.imageSrcset(),
                    line.quantity(),
                    product.price(), product.stock()));
        }
        return new PricedCart(repriced, lines, changes, removed);
    }
}
