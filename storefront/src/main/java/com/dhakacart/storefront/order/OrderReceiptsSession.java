package com.dhakacart.storefront.order;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;

/** Keeps the shopper's {@link OrderReceipts} in their session (in Redis, beside the cart). */
@Component
public class OrderReceiptsSession {

    private static final String ATTRIBUTE = "dhakacart.receipts";

    public OrderReceipts receipts(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return OrderReceipts.NONE;
        }
        return session.getAttribute(ATTRIBUTE) instanceof OrderReceipts receipts ? receipts : OrderReceipts.NONE;
    }

    public void save(HttpServletRequest request, OrderReceipts receipts) {
        request.getSession(true).setAttribute(ATTRIBUTE, receipts);
    }
}
