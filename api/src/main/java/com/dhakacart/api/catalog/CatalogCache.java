package com.dhakacart.api.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Rendered catalog responses (the JSON bytes), kept in this process so a hot catalog is served without
 * a database query or re-serialisation. Each entry remembers the stock it showed for each product.
 * Coherence: a product edit (NOTIFY through {@link CatalogChanges}) clears everything, and an entry
 * computed while that happened is never stored; a stock change evicts only the entries that show that
 * product with other stock ({@link StockWatch}, a few times a second), so a flash sale costs a
 * re-render of the pages showing the hot product, not of the whole catalog per order.
 */
@Component
public class CatalogCache {

    // Bounded by bytes, not entries: every distinct search string is a new key, and a hundred-product
    // page is ~40 KB, so a count bound would let a crawler of random searches exhaust the heap.
    private static final long MAX_BYTES = 48L * 1024 * 1024;
    private final Cache<String, Rendered> entries = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((String key, Rendered r) -> r.body.length + r.productIds.length * 12 + key.length() * 2 + 64)
            .build();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean coherent;

    /** A rendered response and the stock it shows for each product in it (parallel arrays). */
    record Rendered(byte[] body, long[] productIds, int[] stocks) {
        static Rendered withoutProducts(byte[] body) {
            return new Rendered(body, new long[0], new int[0]);
        }
    }

    byte[] get(String key, Supplier<Rendered> render) {
        if (!coherent) {
            // Not listening for product edits (database connection lost): we could miss one, so every
            // request goes to PostgreSQL until the listener is back.
            return render.get().body;
        }
        Rendered cached = entries.getIfPresent(key);
        if (cached != null) {
            return cached.body;
        }
        long before = generation.get();
        Rendered rendered = render.get();
        if (generation.get() == before && coherent) {
            entries.put(key, rendered);
        }
        return rendered.body;
    }

    /** Forgets everything: a product was added, removed or edited somewhere. */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /** Every product whose stock some cached entry shows. */
    Set<Long> productsShown() {
        Set<Long> ids = new HashSet<>();
        for (Rendered rendered : entries.asMap().values()) {
            for (long id : rendered.productIds) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Evicts every entry that shows a product with other stock than {@code current} (or a product no
     * longer there). Entries stored after {@code current} was read are caught by the next call.
     */
    int evictStale(Map<Long, Integer> current) {
        int[] evicted = {0};
        entries.asMap().entrySet().removeIf(entry -> {
            Rendered r = entry.getValue();
            for (int i = 0; i < r.productIds.length; i++) {
                Integer now = current.get(r.productIds[i]);
                if (now == null || now != r.stocks[i]) {
                    evicted[0]++;
                    return true;
                }
            }
            return false;
        });
        return evicted[0];
    }

    void listening(boolean listening) {
        invalidateAll();
        coherent = listening;
    }

    public boolean isCoherent() {
        return coherent;
    }

    void cleanUp() {
        entries.cleanUp();
    }

    long entryCount() {
        return entries.estimatedSize();
    }
}
