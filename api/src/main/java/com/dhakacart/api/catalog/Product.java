package com.dhakacart.api.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A product as the shop sells it; serialised with the original API's snake_case field names. */
public record Product(long id, String name, String description, BigDecimal price, String category, int stock,
                      String imageUrl, OffsetDateTime createdAt) {
}
