package com.dhakacart.storefront.cart.web;

import com.dhakacart.storefront.cart.CartSession;
import com.dhakacart.storefront.web.LayoutPart;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The number of items in the shopper's cart, shown in the header of every page. */
@Component
class CartBadge implements LayoutPart {

    private static final Logger log = LoggerFactory.getLogger(CartBadge.class);

    private final CartSession carts;

    CartBadge(CartSession carts) {
        this.carts = carts;
    }

    @Override
    public Map<String, Object> attributes(HttpServletRequest request) {
        int cartCount = 0;
        try {
            cartCount = carts.cart(request).itemCount();
        } catch (RuntimeException sessionStoreDown) {
            // The badge is not worth failing a page for; the cart page itself will report the problem.
            log.debug("cart badge unavailable", sessionStoreDown);
        }
        return Map.of("cartCount", cartCount);
    }
}
