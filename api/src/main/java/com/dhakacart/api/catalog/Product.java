package com.dhakacart.api.catalog;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A product as the shop sells it; serialised with the original API's snake_case field names.
 * {@code imageSrcset} (added) offers the picture in more than one width for {@code <img srcset>}.
 */
public record Product(long id, String name, String description, BigDecimal price, String category, int stock,
                      String imageUrl, String imageSrcset, OffsetDateTime createdAt) {
}
