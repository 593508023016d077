package com.dhakacart.storefront.catalog;

import com.dhakacart.storefront.shopapi.ProductQuery;
import java.util.List;

/**
 * What the shopper chose on the catalog page (category, search text, sort, page), cleaned up so that
 * odd input from the address bar gives a sensible listing instead of an error.
 */
public record CatalogFilter(String category, String search, String sort, int page) {

    /** Twelve fits a phone (one column) and a desktop (three or four columns) without a ragged last row. */
    public static final int PAGE_SIZE = 12;
    public static final List<String> SORTS = List.of("price_asc", "price_desc", "newest", "name");

    public static CatalogFilter of(String category, String search, String sort, String page) {
        return new CatalogFilter(clip(category, 100), clip(search, 100),
                sort != null && SORTS.contains(sort) ? sort : null, pageNumber(page));
    }

    public ProductQuery query() {
        return new ProductQuery(category, search, sort, page, PAGE_SIZE);
    }

    public boolean isFiltered() {
        return category != null || search != null;
    }

    private static String clip(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }

    private static int pageNumber(String page) {
        try {
            int number = Integer.parseInt(page);
            return number < 1 || number > 10_000 ? 1 : number;
        } catch (NumberFormatException | NullPointerException e) {
            return 1;
        }
    }
}
