package com.dhakacart.storefront.shopapi;

/** A catalog listing request as the API understands it; blank fields mean "no filter". */
public record ProductQuery(String category, String search, String sort, int page, int size) {
}
