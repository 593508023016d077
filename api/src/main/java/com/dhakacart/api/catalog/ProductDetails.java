package com.dhakacart.api.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A product as the back office sees it: hidden ones too, with when it last changed. */
public record ProductDetails(long id, String name, String description, BigDecimal price, String category, int stock,
                             String imageUrl, boolean hidden, OffsetDateTime updatedAt) {
}
