package com.dhakacart.storefront.catalog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the anonymous catalog and product pages are cached, bound to {@code dhakacart.catalog.pages.*}.
 * {@code freshFor} is the coherence window a shopper can see: a page older than that is rendered again
 * from the API before it is shown (the API itself follows product edits at once and stock four times a
 * second). {@code keepStaleFor} is how long the last rendered page may stand in when the API cannot
 * answer, so browsing is the last thing to fail.
 */
@ConfigurationProperties("dhakacart.catalog.pages")
public record CatalogPageSettings(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("500ms") Duration freshFor,
                                  @DefaultValue("1h") Duration keepStaleFor,
                                  @DefaultValue("32MB") DataSize maxSize) {
}
