package com.dhakacart.storefront.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Rendered anonymous catalog and product pages, the same bytes for every visitor. The one per-visitor
 * part of such a page, its CSRF form token, is cut out when the page is stored and put back for each
 * response ({@link Page#write}), so the stored page holds nothing personal and the token stays masked
 * per response as before.
 *
 * <p>A page is fresh for {@link CatalogPageSettings#freshFor()}; after that the first request to want it
 * renders it again while everyone else still gets the stored copy (one render per page per window, not one
 * per visitor), and if that render fails because the shop cannot answer, the stored copy keeps being
 * served for up to {@link CatalogPageSettings#keepStaleFor()}.
 */
@Component
public class RenderedPages {

    private static final byte[] NO_BYTES = new byte[0];

    private final CatalogPageSettings settings;
    private final Cache<String, Slot> slots;

    RenderedPages(CatalogPageSettings settings) {
        this.settings = settings;
        this.slots = Caffeine.newBuilder()
                .maximumWeight(settings.maxSize().toBytes())
                .weigher((String key, Slot slot) -> key.length() * 2 + slot.weight())
                .expireAfterWrite(settings.keepStaleFor())
                .build();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** What to do for a request for {@code key}: serve a stored page, or render (and maybe fall back). */
    public Lookup lookup(String key) {
        Slot slot = slots.get(key, k -> new Slot());
        Page page = slot.page;
        long now = System.nanoTime();
        if (page != null && now - page.renderedAt < settings.freshFor().toNanos()) {
            return new Lookup(key, slot, page, false, false);
        }
        // Stale or missing: one request renders, the others keep getting the stored copy meanwhile. The
        // copy is at most one render older than the window: the render started when it expired.
        if (slot.rendering.compareAndSet(false, true)) {
            return new Lookup(key, slot, page, true, true);
        }
        // Nothing stored yet and someone is already rendering it: render too rather than wait.
        return new Lookup(key, slot, page, page == null, false);
    }

    /** A page just rendered for {@code lookup}; {@code token} (the CSRF form token in it) is cut out. */
    public void store(Lookup lookup, byte[] body, String token, String contentType, String contentLanguage) {
        lookup.slot.page = new Page(split(body, token), contentType, contentLanguage, System.nanoTime());
        slots.put(lookup.key, lookup.slot); // weighs the slot again, now with its page
    }

    /** The render this lookup asked for is over (stored or not): the next stale request may render. */
    public void rendered(Lookup lookup) {
        if (lookup.claimed) {
            lookup.slot.rendering.set(false);
        }
    }

    /**
     * Forgets every stored page, after staff changed the catalog (price, stock, visibility, picture), so
     * this storefront's next visitor sees the change at once instead of up to {@code freshFor} later. Other
     * storefront instances catch up within {@code freshFor} on their own.
     */
    public void forgetAll() {
        slots.invalidateAll();
    }

    long pageCount() {
        return slots.estimatedSize();
    }

    private static List<byte[]> split(byte[] body, String token) {
        List<byte[]> parts = new ArrayList<>();
        if (token == null || token.isEmpty()) {
            parts.add(body);
            return parts;
        }
        byte[] needle = token.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int i = indexOf(body, needle, 0); i >= 0; i = indexOf(body, needle, from)) {
            parts.add(java.util.Arrays.copyOfRange(body, from, i));
            from = i + needle.length;
        }
        parts.add(java.util.Arrays.copyOfRange(body, from, body.length));
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The answer to a lookup: the stored page (or none) and whether this request must render it. */
    public record Lookup(String key, Slot slot, Page page, boolean mustRender, boolean claimed) {
    }

    /** One page address: its latest rendering and whether a request is rendering it now. */
    public static final class Slot {
        private volatile Page page;
        private final AtomicBoolean rendering = new AtomicBoolean();

        private int weight() {
            Page p = page;
            return 64 + (p == null ? 0 : p.parts.stream().mapToInt(b -> b.length + 16).sum());
        }
    }

    /** A stored rendering: the page around its CSRF token holes, and the headers that describe it. */
    public record Page(List<byte[]> parts, String contentType, String contentLanguage, long renderedAt) {

        /** The page with {@code token} in each hole (the visitor's own, masked for this response). */
        public byte[] write(String token) {
            if (parts.size() == 1) {
                return parts.get(0);
            }
            byte[] hole = token == null ? NO_BYTES : token.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream(parts.stream().mapToInt(b -> b.length).sum()
                    + hole.length * (parts.size() - 1));
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    out.writeBytes(hole);
                }
                out.writeBytes(parts.get(i));
            }
            return out.toByteArray();
        }

        public long ageSeconds() {
            return (System.nanoTime() - renderedAt) / 1_000_000_000L;
        }
    }
}
