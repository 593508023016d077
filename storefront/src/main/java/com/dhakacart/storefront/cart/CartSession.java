package com.dhakacart.storefront.cart;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;

/** Keeps each shopper's cart in their HTTP session, which Spring Session stores in Redis. */
@Component
public class CartSession {

    private static final String ATTRIBUTE = "dhakacart.cart";

    /** The shopper's cart; reading never creates a session, so browsing alone writes nothing to Redis. */
    public Cart cart(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Cart.EMPTY;
        }
        return session.getAttribute(ATTRIBUTE) instanceof Cart cart ? cart : Cart.EMPTY;
    }

    public void save(HttpServletRequest request, Cart cart) {
        request.getSession(true).setAttribute(ATTRIBUTE, cart);
    }
}
