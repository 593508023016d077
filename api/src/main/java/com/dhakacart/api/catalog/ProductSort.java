package com.dhakacart.api.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The orders a catalog listing can be sorted in, by their API names. */
public enum ProductSort {
    PRICE_ASC("price_asc", "price ASC, id ASC"),
    PRICE_DESC("price_desc", "price DESC, id ASC"),
    NEWEST("newest", "created_at DESC, id DESC"),
    NAME("name", "name ASC, id ASC"),
    DEFAULT("id", "id ASC");

    private final String apiName;
    final String orderBy;

    ProductSort(String apiName, String orderBy) {
        this.apiName = apiName;
        this.orderBy = orderBy;
    }

    public String apiName() {
        return apiName;
    }

    public static Optional<ProductSort> fromApiName(String name) {
        return Arrays.stream(values()).filter(sort -> sort.apiName.equals(name)).findFirst();
    }
}
