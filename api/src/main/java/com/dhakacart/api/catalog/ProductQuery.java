package com.dhakacart.api.catalog;

/**
 * One catalog listing request, already validated: optional category and search text, a sort, and a
 * 1-based page of at most {@link #MAX_SIZE} products.
 */
public record ProductQuery(String category, String search, ProductSort sort, int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public ProductQuery {
        category = blankToNull(category);
        search = blankToNull(search);
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
        }
    }

    public static ProductQuery all() {
        return new ProductQuery(null, null, ProductSort.DEFAULT, 1, DEFAULT_SIZE);
    }

    /** A stable cache key: two requests that mean the same listing get the same key. */
    String cacheKey() {
        return "list|" + (category == null ? "" : category.toLowerCase(java.util.Locale.ROOT)) + "|"
                + (search == null ? "" : search) + "|" + sort + "|" + page + "|" + size;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
