package com.dhakacart.api.catalog;

import java.util.List;

/** One page of a catalog listing and where it sits in the whole result. */
record ProductPage(List<Product> data, PageInfo page) {

    /** Paging facts a client needs to ask for the next page. */
    public record PageInfo(int number, int size, long totalElements, int totalPages) {
    }
}
