package com.dhakacart.api.catalog.picture;

/** One stored product picture with its media type and an ETag derived from its bytes. */
public record Picture(String name, byte[] bytes, String contentType, String etag) {
}
