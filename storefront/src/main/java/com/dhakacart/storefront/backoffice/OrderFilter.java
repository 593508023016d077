package com.dhakacart.storefront.backoffice;

import java.time.LocalDate;

/** The order list's filters; any may be null (not filtered). */
public record OrderFilter(String status, LocalDate from, LocalDate to, String phone, int page) {
}
