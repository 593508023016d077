package com.dhakacart.storefront.backoffice;

import java.math.BigDecimal;

/** A product edit: the fields the admin API lets a PATCH change (stock only through adjustments). */
public record ProductChanges(String name, String description, BigDecimal price, String category, Boolean hidden) {
}
