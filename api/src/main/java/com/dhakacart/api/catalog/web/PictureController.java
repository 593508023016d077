package com.dhakacart.api.catalog.web;

import com.dhakacart.api.catalog.picture.Picture;
import com.dhakacart.api.catalog.picture.PictureStore;
import com.dhakacart.api.web.NotFound;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Serves product pictures at the paths {@code image_url} names. Cached by browsers and CDNs for a year
 * (a changed picture gets a new name) and revalidated by ETag: a matching If-None-Match gets 304.
 */
@RestController
class PictureController {

    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic();

    private final PictureStore pictures;

    PictureController(PictureStore pictures) {
        this.pictures = pictures;
    }

    @GetMapping("/images/products/{name}")
    ResponseEntity<byte[]> picture(@PathVariable String name, WebRequest request) {
        Picture picture = pictures.find(name).orElseThrow(() -> new NotFound("No picture named " + name));
        if (request.checkNotModified(picture.etag())) {
            return ResponseEntity.status(304).eTag(picture.etag()).cacheControl(CACHE).build();
        }
        return ResponseEntity.ok().eTag(picture.etag()).cacheControl(CACHE)
                .contentType(MediaType.parseMediaType(picture.contentType())).body(picture.bytes());
    }
}
