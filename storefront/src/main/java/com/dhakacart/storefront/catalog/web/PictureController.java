package com.dhakacart.storefront.catalog.web;

import com.dhakacart.storefront.shopapi.ShopApi;
import com.dhakacart.storefront.web.ProductNotFound;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * Product pictures at the same paths as on the API ({@code /images/products/…}), passed through with the
 * API's ETag and Cache-Control, so pages show them from the shop's own origin.
 */
@Controller
class PictureController {

    private final ShopApi api;

    PictureController(ShopApi api) {
        this.api = api;
    }

    @GetMapping("/images/products/{name}")
    ResponseEntity<byte[]> picture(@PathVariable String name,
                                   @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ShopApi.Picture picture = api.picture(name, ifNoneMatch)
                .orElseThrow(() -> new ProductNotFound("picture " + name));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(picture.notModified() ? HttpStatus.NOT_MODIFIED : HttpStatus.OK);
        if (picture.etag() != null) {
            answer.eTag(picture.etag());
        }
        if (picture.cacheControl() != null) {
            answer.header(HttpHeaders.CACHE_CONTROL, picture.cacheControl());
        }
        if (picture.notModified()) {
            return answer.build();
        }
        return answer.header(HttpHeaders.CONTENT_TYPE, picture.contentType()).body(picture.bytes());
    }
}
