package com.dhakacart.storefront.catalog.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waits for a parallel API call and rethrows its own failure (e.g. ApiUnavailable), not a wrapper. */
final class ShopApiCalls {

    private ShopApiCalls() {
    }

    static <T> T join(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
