package com.dhakacart.storefront.shopapi;

import java.util.List;

/** One page of a catalog listing from the API; {@code number} counts from 1. */
public record ProductPage(List<Product> data, PageInfo page) {

    /** Where the page sits in the whole listing. */
    public record PageInfo(int number, int size, long totalElements, int totalPages) {
    }

    public boolean hasNext() {
        return page != null && page.number() < page.totalPages();
    }

    public boolean hasPrevious() {
        return page != null && page.number() > 1;
    }
}
