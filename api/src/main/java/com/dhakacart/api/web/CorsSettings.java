package com.dhakacart.api.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which web origins may call the API from a browser ({@code DHAKACART_CORS_ORIGINS}, comma-separated,
 * e.g. {@code https://shop.dhakacart.com,http://localhost:3000}). {@code *} allows any origin; the API
 * never allows credentials, so a wildcard never travels with them.
 */
@ConfigurationProperties("dhakacart.cors")
record CorsSettings(List<String> origins) {

    CorsSettings {
        origins = origins == null ? List.of()
                : origins.stream().map(String::strip).filter(o -> !o.isEmpty())
                        .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o).distinct().toList();
    }
}
