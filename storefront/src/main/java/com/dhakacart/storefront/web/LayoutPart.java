package com.dhakacart.storefront.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * Something a feature shows on every page, error pages included (the cart badge): the feature provides it
 * as a bean and the shared layout asks each one, so {@code web/} never depends on a feature.
 */
public interface LayoutPart {

    /** The model attributes the layout template reads for this part; never throws for a working page. */
    Map<String, Object> attributes(HttpServletRequest request);
}
