package com.dhakacart.api.catalog.web;

import com.dhakacart.api.catalog.Catalog;
import com.dhakacart.api.catalog.ProductQuery;
import com.dhakacart.api.catalog.ProductSort;
import com.dhakacart.api.web.BadRequest;
import com.dhakacart.api.web.NotFound;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The original DhakaCart catalog endpoints, returning pre-rendered JSON from {@link Catalog}. */
@RestController
class CatalogController {

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/products")
    ResponseEntity<byte[]> products(@RequestParam(required = false) String category,
                                    @RequestParam(required = false) String search,
                                    @RequestParam(required = false) String sort,
                                    @RequestParam(required = false) String page,
                                    @RequestParam(required = false) String size) {
        return ok(catalog.listing(query(category, search, sort, page, size)));
    }

    @GetMapping("/api/products/{id}")
    ResponseEntity<byte[]> product(@PathVariable String id) {
        long productId = parseId(id);
        return catalog.product(productId).map(CatalogController::ok)
                .orElseThrow(() -> new NotFound("Product " + id + " not found"));
    }

    @GetMapping("/api/products/category/{category}")
    ResponseEntity<byte[]> byCategory(@PathVariable String category,
                                      @RequestParam(required = false) String sort,
                                      @RequestParam(required = false) String page,
                                      @RequestParam(required = false) String size) {
        return ok(catalog.listing(query(category, null, sort, page, size)));
    }

    @GetMapping("/api/categories")
    ResponseEntity<byte[]> categories() {
        return ok(catalog.categories());
    }

    private static ProductQuery query(String category, String search, String sort, String page, String size) {
        ProductSort order = sort == null || sort.isBlank() ? ProductSort.DEFAULT
                : ProductSort.fromApiName(sort).orElseThrow(() -> new BadRequest(
                        "Unknown sort '" + sort + "': use price_asc, price_desc, newest or name"));
        if (search != null && search.length() > 100) {
            throw new BadRequest("search must be at most 100 characters");
        }
        if (category != null && category.length() > 100) {
            throw new BadRequest("category must be at most 100 characters");
        }
        try {
            return new ProductQuery(category, search, order, number("page", page, 1),
                    number("size", size, ProductQuery.DEFAULT_SIZE));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static int number(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number");
        }
    }

    private static long parseId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the same answer as an unknown id
        }
        throw new NotFound("Product " + id + " not found");
    }

    private static ResponseEntity<byte[]> ok(byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
