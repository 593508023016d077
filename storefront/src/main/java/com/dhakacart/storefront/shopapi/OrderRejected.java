package com.dhakacart.storefront.shopapi;

import tools.jackson.databind.JsonNode;

/**
 * The API refused an order (409 out of stock or changed prices, 4xx invalid details) and wrote nothing;
 * {@code error} is the API's own sentence, {@code body} the whole problem document.
 */
public class OrderRejected extends RuntimeException {

    private final int status;
    private final String error;
    private final transient JsonNode body;

    public OrderRejected(int status, String error, JsonNode body) {
        super("order rejected with " + status + ": " + error, null, false, false);
        this.status = status;
        this.error = error;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public JsonNode body() {
        return body;
    }

    public boolean isConflict() {
        return status == 409;
    }
}
