package com.dhakacart.storefront.web;

/** The shopper asked for a product the shop does not have; they see the 404 page. */
public class ProductNotFound extends RuntimeException {

    public ProductNotFound(String id) {
        super("no product " + id, null, false, false);
    }
}
