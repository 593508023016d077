package com.dhakacart.api.catalog;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * What shoppers read: listings, single products and categories, each already rendered as the JSON the
 * API returns ({@code {"data": …}}), served from {@link CatalogCache} when it is coherent.
 */
@Service
public class Catalog {

    private static final byte[] NOT_FOUND = new byte[0];

    private final Products products;
    private final CatalogCache cache;
    private final ObjectMapper json;

    Catalog(Products products, CatalogCache cache, ObjectMapper json) {
        this.products = products;
        this.cache = cache;
        this.json = json;
    }

    public byte[] listing(ProductQuery query) {
        return cache.get(query.cacheKey(), () -> {
            ProductPage page = products.find(query);
            return showing(render(page), page.data());
        });
    }

    public Optional<byte[]> product(long id) {
        byte[] body = cache.get("product|" + id, () -> products.byId(id)
                .map(p -> showing(render(Map.of("data", p)), List.of(p)))
                .orElse(CatalogCache.Rendered.withoutProducts(NOT_FOUND)));
        return body.length == 0 ? Optional.empty() : Optional.of(body);
    }

    public byte[] categories() {
        return cache.get("categories",
                () -> CatalogCache.Rendered.withoutProducts(render(Map.of("data", products.categories()))));
    }

    /** The rendered bytes with the stock they show, so a stock change evicts exactly these. */
    private static CatalogCache.Rendered showing(byte[] body, List<Product> shown) {
        long[] ids = new long[shown.size()];
        int[] stocks = new int[shown.size()];
        for (int i = 0; i < shown.size(); i++) {
            ids[i] = shown.get(i).id();
            stocks[i] = shown.get(i).stock();
        }
        return new CatalogCache.Rendered(body, ids, stocks);
    }

    private byte[] render(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render catalog JSON", e);
        }
    }
}
