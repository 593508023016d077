package com.dhakacart.storefront.backoffice;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A product as the admin API shows it: hidden ones too, with its stock. */
public record AdminProduct(long id, String name, String description, BigDecimal price, String category, int stock,
                           String imageUrl, boolean hidden, OffsetDateTime updatedAt) {
}
