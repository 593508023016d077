package com.dhakacart.api.catalog.picture;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Pictures uploaded through the back office, kept in PostgreSQL (product_pictures): every API instance
 * serves them, and the DR tool's backups hold them with the products that name them. Their names start
 * with {@link #PREFIX}; each upload gets a new name (its content's hash), so cached copies never go stale.
 */
@Repository
public class UploadedPictures {

    public static final String PREFIX = "up-";

    private final JdbcClient jdbc;

    UploadedPictures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the picture under its name (a repeat upload of the same bytes is the same row). */
    public void save(String name, byte[] bytes, String contentType) {
        jdbc.sql("INSERT INTO product_pictures (name, content_type, bytes) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")
                .params(name, contentType, bytes).update();
    }

    Optional<byte[]> find(String name) {
        return jdbc.sql("SELECT bytes FROM product_pictures WHERE name = ?").param(name).query(byte[].class).optional();
    }
}
