package com.dhakacart.storefront.backoffice;

import java.util.List;

/** One page of a list from the admin API; {@code number} counts from 1 as in the public API. */
public record Listing<T>(List<T> data, PageInfo page) {

    public record PageInfo(int number, int size, long totalElements, int totalPages) {
    }

    public boolean hasNext() {
        return page != null && page.number() < page.totalPages();
    }

    public boolean hasPrevious() {
        return page != null && page.number() > 1;
    }

    public int number() {
        return page == null ? 1 : page.number();
    }
}
