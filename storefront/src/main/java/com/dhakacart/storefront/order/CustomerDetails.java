package com.dhakacart.storefront.order;

/** Who the order is for and where it goes, as typed on the checkout form. */
public record CustomerDetails(String name, String phone, String email, String address) {
}
