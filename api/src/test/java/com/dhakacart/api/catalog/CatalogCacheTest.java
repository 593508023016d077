package com.dhakacart.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CatalogCacheTest {

    @Test
    void servesARenderedResponseOnceCoherentAndRendersAgainAfterAChange() {
        CatalogCache cache = new CatalogCache();
        cache.listening(true);
        AtomicInteger renders = new AtomicInteger();
        cache.get("k", () -> bytes(renders));
        cache.get("k", () -> bytes(renders));
        assertThat(renders).hasValue(1);
        cache.invalidateAll();
        cache.get("k", () -> bytes(renders));
        assertThat(renders).hasValue(2);
    }

    @Test
    void cachesNothingWhileNotListeningForChanges() {
        CatalogCache cache = new CatalogCache();
        AtomicInteger renders = new AtomicInteger();
        cache.get("k", () -> bytes(renders));
        cache.get("k", () -> bytes(renders));
        assertThat(renders).hasValue(2);
    }

    @Test
    void neverStoresAResponseRenderedWhileAChangeArrived() {
        CatalogCache cache = new CatalogCache();
        cache.listening(true);
        AtomicInteger renders = new AtomicInteger();
        cache.get("k", () -> {
            cache.invalidateAll(); // a NOTIFY lands while this render reads the old rows
            return bytes(renders);
        });
        cache.get("k", () -> bytes(renders));
        assertThat(renders).hasValue(2);
    }

    @Test
    void staysWithinItsMemoryBudgetUnderManyDistinctSearches() {
        CatalogCache cache = new CatalogCache();
        cache.listening(true);
        byte[] page = new byte[40_000];
        for (int i = 0; i < 5_000; i++) { // 200 MB of distinct pages offered
            cache.get("search-" + i, () -> page);
        }
        cache.cleanUp();
        long heldBytes = cache.entryCount() * page.length;
        assertThat(heldBytes).isLessThanOrEqualTo(48L * 1024 * 1024);
    }

    private static byte[] bytes(AtomicInteger renders) {
        return new byte[] {(byte) renders.incrementAndGet()};
    }
}
