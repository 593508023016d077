package com.dhakacart.storefront.shopapi;

import java.math.BigDecimal;

/**
 * A product as the API describes it right now (price and stock are current, not remembered), with its
 * picture's address and the same in several widths ({@code imageSrcset}, for {@code <img srcset>}).
 */
public record Product(long id, String name, String description, BigDecimal price, String category, int stock,
                      String imageUrl, String imageSrcset) {

    public boolean inStock() {
        return stock > 0;
    }
}
