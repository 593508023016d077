package com.dhakacart.api.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Catalog start-up behaviour: load the original 15 sample products into an empty database, and
 * optionally grow the catalog to {@code generateProducts} realistic products for load tests.
 */
@ConfigurationProperties("dhakacart.catalog")
public record CatalogSettings(@DefaultValue("true") boolean loadSample, @DefaultValue("0") int generateProducts) {
}
