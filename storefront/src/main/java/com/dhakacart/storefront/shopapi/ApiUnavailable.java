package com.dhakacart.storefront.shopapi;

/** The API could not be reached or failed on its side; the shopper sees the 503 page. */
public class ApiUnavailable extends RuntimeException {

    public ApiUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
