package com.dhakacart.api.catalog.web;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.catalog.ProductDetails;
import com.dhakacart.api.catalog.ProductEditor;
import com.dhakacart.api.web.Fields;
import com.dhakacart.api.web.NotFound;
import com.dhakacart.api.web.Paged;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The back office's catalog: every product (hidden ones too), new products, edits, stock and pictures. */
@RestController
class ProductAdminController {

    static final BigDecimal MAX_PRICE = new BigDecimal("9999999999.99");
    static final int MAX_PICTURE = 2 * 1024 * 1024;
    static final int MAX_STOCK = 1_000_000_000;

    private final ProductEditor editor;

    ProductAdminController(ProductEditor editor) {
        this.editor = editor;
    }

    record NewProductBody(String name, String description, BigDecimal price, String category, Integer stock,
                          Boolean hidden) {
    }

    record ChangeBody(String name, String description, BigDecimal price, String category, Boolean hidden) {
    }

    record AdjustmentBody(Integer delta, String reason) {
    }

    @GetMapping("/api/admin/products")
    Map<String, Object> list(@RequestParam(required = false) String page, @RequestParam(required = false) String size,
                             @RequestParam(required = false) String search) {
        int number = Paged.page(page);
        int perPage = Paged.size(size);
        String text = Paged.text("search", search, 100);
        return Paged.of(editor.list(text, number, perPage), number, perPage, editor.count(text));
    }

    @GetMapping("/api/admin/products/{id}")
    Map<String, Object> one(@PathVariable String id) {
        long productId = id(id);
        return data(editor.find(productId).orElseThrow(() -> new NotFound("Product " + id + " not found")));
    }

    @PostMapping("/api/admin/products")
    ResponseEntity<Map<String, Object>> create(@RequestBody NewProductBody body, Actor actor) {
        if (body.stock() == null) {
            throw Fields.invalid("stock", "is required");
        }
        if (body.stock() < 0 || body.stock() > MAX_STOCK) {
            throw Fields.invalid("stock", "must be from 0 to " + MAX_STOCK);
        }
        if (body.price() == null) {
            throw Fields.invalid("price", "is required");
        }
        ProductEditor.NewProduct product = new ProductEditor.NewProduct(
                Fields.text("name", body.name(), 1, 200, true),
                body.description() == null ? "" : Fields.text("description", body.description(), 0, 5000, false),
                price(body.price()), Fields.text("category", body.category(), 1, 100, true), body.stock(),
                Boolean.TRUE.equals(body.hidden()));
        return ResponseEntity.status(HttpStatus.CREATED).body(data(editor.create(actor, product)));
    }

    @PatchMapping("/api/admin/products/{id}")
    Map<String, Object> change(@PathVariable String id, @RequestBody ChangeBody body, Actor actor) {
        long productId = id(id);
        if (body.name() == null && body.description() == null && body.price() == null && body.category() == null
                && body.hidden() == null) {
            throw Fields.invalid("name", "give at least one of name, description, price, category, hidden");
        }
        ProductEditor.Change change = new ProductEditor.Change(Fields.text("name", body.name(), 1, 200, false),
                Fields.text("description", body.description(), 0, 5000, false),
                body.price() == null ? null : price(body.price()),
                Fields.text("category", body.category(), 1, 100, false), body.hidden());
        return data(editor.change(actor, productId, change));
    }

    @PostMapping("/api/admin/products/{id}/stock-adjustments")
    Map<String, Object> adjust(@PathVariable String id, @RequestBody AdjustmentBody body, Actor actor) {
        long productId = id(id);
        if (body.delta() == null || body.delta() == 0 || Math.abs((long) body.delta()) > MAX_STOCK) {
            throw Fields.invalid("delta", "must be a whole number other than 0, at most " + MAX_STOCK + " either way");
        }
        String reason = Fields.text("reason", body.reason(), 1, 500, true);
        return data(editor.adjustStock(actor, productId, body.delta(), reason));
    }

    @PutMapping(path = "/api/admin/products/{id}/picture", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> picture(@PathVariable String id, @RequestParam("picture") MultipartFile picture, Actor actor)
            throws IOException {
        long productId = id(id);
        if (picture.isEmpty() || picture.getSize() > MAX_PICTURE) {
            throw Fields.invalid("picture", "must be a JPEG, PNG or WebP picture of at most 2 MiB");
        }
        byte[] bytes = picture.getBytes();
        PictureKind kind = PictureKind.of(bytes);
        if (kind == null) {
            throw Fields.invalid("picture", "must be a JPEG, PNG or WebP picture of at most 2 MiB");
        }
        return data(editor.setPicture(actor, productId, bytes, kind.extension, kind.contentType));
    }

    /** What the bytes are, by their signature (never by the name or type the client claims). */
    enum PictureKind {
        JPEG("jpg", "image/jpeg"), PNG("png", "image/png"), WEBP("webp", "image/webp");

        final String extension;
        final String contentType;

        PictureKind(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        static PictureKind of(byte[] b) {
            if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
                return JPEG;
            }
            if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
                return PNG;
            }
            if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                    && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
                return WEBP;
            }
            return null;
        }
    }

    private static BigDecimal price(BigDecimal price) {
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || price.stripTrailingZeros().scale() > 2) {
            throw Fields.invalid("price", "must be from 0 to " + MAX_PRICE.toPlainString() + " with at most 2 decimals");
        }
        return price.setScale(2);
    }

    private static Map<String, Object> data(ProductDetails product) {
        return Map.of("data", product);
    }

    private static long id(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // the same answer as an unknown id
        }
        throw new NotFound("Product " + id + " not found");
    }
}
