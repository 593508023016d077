package com.dhakacart.api.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rendered catalog responses (the JSON bytes), kept in this process so a hot catalog is served without
 * a database query or re-serialisation. Coherence: every product change bumps the generation (through
 * {@link CatalogChanges}), and an entry computed while the generation moved is never stored, so a
 * response can be stale by at most the NOTIFY delivery time, never after this instance's own writes.
 */
@Component
public class CatalogCache {

    // Bounded by bytes, not entries: every distinct search string is a new key, and a hundred-product
    // page is ~40 KB, so a count bound would let a crawler of random searches exhaust the heap.
    private static final long MAX_BYTES = 48L * 1024 * 1024;
    private final Cache<String, byte[]> entries = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((String key, byte[] body) -> body.length + key.length() * 2 + 64)
            .build();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean coherent;

    public byte[] get(String key, Supplier<byte[]> render) {
        if (!coherent) {
            // Not listening for changes (database connection lost): we could miss an invalidation,
            // so every request goes to PostgreSQL until the listener is back.
            return render.get();
        }
        byte[] cached = entries.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        byte[] rendered = render.get();
        if (generation.get() == before && coherent) {
            entries.put(key, rendered);
        }
        return rendered;
    }

    /** Forgets everything: a product changed somewhere. */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /**
     * Stock was taken in the current transaction: forget the rendered catalog once it commits, so this
     * instance shows the new stock at once (other instances hear it through NOTIFY).
     */
    void afterCommitStockTaken() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    invalidateAll();
                }
            });
        } else {
            invalidateAll();
        }
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
