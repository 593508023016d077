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
            cache.get("search-" + i, () -> CatalogCache.Rendered.withoutProducts(page));
        }
        cache.cleanUp();
        long heldBytes = cache.entryCount() * page.length;
        assertThat(heldBytes).isLessThanOrEqualTo(48L * 1024 * 1024);
    }

    @Test
    void aStockChangeEvictsOnlyTheEntriesShowingThatProductWithOtherStock() {
        CatalogCache cache = new CatalogCache();
        cache.listening(true);
        AtomicInteger renders = new AtomicInteger();
        cache.get("hot", () -> showing(renders, new long[] {1, 2}, new int[] {10, 5}));
        cache.get("other", () -> showing(renders, new long[] {2, 3}, new int[] {5, 7}));
        assertThat(cache.productsShown()).containsExactlyInAnyOrder(1L, 2L, 3L);

        assertThat(cache.evictStale(java.util.Map.of(1L, 9, 2L, 5, 3L, 7))).isEqualTo(1);

        cache.get("other", () -> showing(renders, new long[] {2, 3}, new int[] {5, 7}));
        assertThat(renders).as("the page without the sold product stayed cached").hasValue(2);
        cache.get("hot", () -> showing(renders, new long[] {1, 2}, new int[] {9, 5}));
        assertThat(renders).as("the page showing old stock was rendered again").hasValue(3);
    }

    @Test
    void evictsAnEntryShowingAProductThatIsGone() {
        CatalogCache cache = new CatalogCache();
        cache.listening(true);
        AtomicInteger renders = new AtomicInteger();
        cache.get("k", () -> showing(renders, new long[] {4}, new int[] {1}));
        assertThat(cache.evictStale(java.util.Map.of())).isEqualTo(1);
    }

    private static CatalogCache.Rendered showing(AtomicInteger renders, long[] ids, int[] stocks) {
        return new CatalogCache.Rendered(new byte[] {(byte) renders.incrementAndGet()}, ids, stocks);
    }

    private static CatalogCache.Rendered bytes(AtomicInteger renders) {
        return CatalogCache.Rendered.withoutProducts(new byte[] {(byte) renders.incrementAndGet()});
    }
}
