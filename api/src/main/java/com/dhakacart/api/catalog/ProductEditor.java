package com.dhakacart.api.catalog;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.catalog.picture.PictureUrls;
import com.dhakacart.api.catalog.picture.UploadedPictures;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import com.dhakacart.api.audit.AuditLog;

/**
 * The back office's changes to the catalog, each in one transaction with its audit entry. Every change
 * locks the product's row first ({@code FOR UPDATE}, as a checkout does), so a price change and a checkout
 * of that product queue instead of overlapping: an order priced before the change commits at the old price,
 * one priced after sees the new price (and a client that sent the old one gets 409). Stock only ever moves
 * by {@code stock = stock + delta} under that lock. Edits that shoppers must see at once (price, name,
 * hidden...) reach every instance's cache through the {@code catalog_changed} NOTIFY; this instance also
 * drops its cache the moment the change commits.
 */
@Service
public class ProductEditor {

    private static final String COLUMNS = "id, name, description, price, category, stock, image_url, hidden, updated_at";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final CatalogCache cache;
    private final PictureUrls urls;
    private final UploadedPictures pictures;

    ProductEditor(JdbcClient jdbc, AuditLog audit, TransactionTemplate transaction, CatalogCache cache,
                  PictureUrls urls, UploadedPictures pictures) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transaction = transaction;
        this.cache = cache;
        this.urls = urls;
        this.pictures = pictures;
    }

    /** A new product's fields, already checked at the edge. */
    public record NewProduct(String name, String description, BigDecimal price, String category, int stock,
                             boolean hidden) {
    }

    /** The fields to change; null ones stay as they are. Stock is never among them: see {@link #adjustStock}. */
    public record Change(String name, String description, BigDecimal price, String category, Boolean hidden) {
    }

    /** A page of every product (hidden ones too), newest first, optionally matching {@code search}. */
    public List<ProductDetails> list(String search, int page, int size) {
        Map<String, Object> params = new HashMap<>();
        String where = where(search, params);
        params.put("limit", size);
        params.put("offset", (long) (page - 1) * size);
        return jdbc.sql("SELECT " + COLUMNS + " FROM products" + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .params(params).query(this::row).list();
    }

    public long count(String search) {
        Map<String, Object> params = new HashMap<>();
        return jdbc.sql("SELECT count(*) FROM products" + where(search, params)).params(params).query(Long.class).single();
    }

    public Optional<ProductDetails> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ?").param(id).query(this::row).optional();
    }

    public ProductDetails create(Actor actor, NewProduct product) {
        ProductDetails created = transaction.execute(status -> {
            ProductDetails added = jdbc.sql("""
                    INSERT INTO products (name, description, price, category, stock, hidden)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING """ + " " + COLUMNS)
                    .params(product.name(), product.description(), product.price(), product.category(),
                            product.stock(), product.hidden())
                    .query(this::row).single();
            audit.record(actor, "product.create", "product", String.valueOf(added.id()), null, view(added), null);
            return added;
        });
        cache.invalidateAll();
        return created;
    }

    public ProductDetails change(Actor actor, long id, Change change) {
        ProductDetails changed = transaction.execute(status -> {
            ProductDetails before = lock(id);
            jdbc.sql("""
                    UPDATE products SET name = coalesce(?, name), description = coalesce(?, description),
                           price = coalesce(?, price), category = coalesce(?, category), hidden = coalesce(?, hidden),
                           updated_at = now()
                    WHERE id = ?""")
                    .params(change.name(), change.description(), change.price(), change.category(), change.hidden(), id)
                    .update();
            ProductDetails after = find(id).orElseThrow();
            audit.record(actor, "product.update", "product", String.valueOf(id), view(before), view(after), null);
            return after;
        });
        cache.invalidateAll();
        return changed;
    }

    /**
     * Adds {@code delta} (negative: takes) to the stock, with the reason in the audit log; refused with the
     * stock available when it would go below zero.
     */
    public ProductDetails adjustStock(Actor actor, long id, int delta, String reason) {
        return transaction.execute(status -> {
            ProductDetails before = lock(id);
            if ((long) before.stock() + delta < 0) {
                throw new ProductRejected(ProductRejected.Reason.NOT_ENOUGH_STOCK, "Cannot take " + -delta
                        + " of " + before.name() + ": only " + before.stock() + " in stock")
                        .with("product_id", id).with("available", before.stock());
            }
            if ((long) before.stock() + delta > Integer.MAX_VALUE) {
                throw new ProductRejected(ProductRejected.Reason.INVALID, "The stock would exceed " + Integer.MAX_VALUE);
            }
            jdbc.sql("UPDATE products SET stock = stock + ?, updated_at = now() WHERE id = ?").params(delta, id).update();
            ProductDetails after = find(id).orElseThrow();
            audit.record(actor, "product.stock_adjust", "product", String.valueOf(id), Map.of("stock", before.stock()),
                    Map.of("stock", after.stock(), "delta", delta), reason);
            return after;
        });
    }

    /** Stores an uploaded picture (already checked: JPEG, PNG or WebP) and makes it the product's picture. */
    public ProductDetails setPicture(Actor actor, long id, byte[] bytes, String extension, String contentType) {
        String name = UploadedPictures.PREFIX + id + "-" + sha256(bytes).substring(0, 16) + "." + extension;
        ProductDetails changed = transaction.execute(status -> {
            ProductDetails before = lock(id);
            pictures.save(name, bytes, contentType);
            jdbc.sql("UPDATE products SET image_url = ?, updated_at = now() WHERE id = ?")
                    .params("/images/products/" + name, id).update();
            ProductDetails after = find(id).orElseThrow();
            audit.record(actor, "product.picture", "product", String.valueOf(id), java.util.Collections.singletonMap("image_url",
                    before.imageUrl()), Map.of("image_url", after.imageUrl(), "bytes", bytes.length), null);
            return after;
        });
        cache.invalidateAll();
        return changed;
    }

    private ProductDetails lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM products WHERE id = ? FOR UPDATE").param(id).query(this::row)
                .optional().orElseThrow(() -> new ProductRejected(ProductRejected.Reason.UNKNOWN_PRODUCT,
                        "Product " + id + " not found").with("product_id", id));
    }

    private static String where(String search, Map<String, Object> params) {
        if (search == null) {
            return "";
        }
        params.put("pattern", "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        return " WHERE (name ILIKE :pattern OR description ILIKE :pattern OR category ILIKE :pattern)";
    }

    /** The audit log's picture of a product. */
    private static Map<String, Object> view(ProductDetails p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", p.name());
        view.put("description", p.description());
        view.put("price", p.price());
        view.put("category", p.category());
        view.put("stock", p.stock());
        view.put("hidden", p.hidden());
        view.put("image_url", p.imageUrl());
        return view;
    }

    private ProductDetails row(ResultSet rs, int rowNum) throws SQLException {
        return new ProductDetails(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getBigDecimal("price"), rs.getString("category"), rs.getInt("stock"),
                urls.url(rs.getString("image_url")), rs.getBoolean("hidden"),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
