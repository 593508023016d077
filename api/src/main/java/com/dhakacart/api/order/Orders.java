package com.dhakacart.api.order;

import com.dhakacart.kernel.Money;
import com.dhakacart.kernel.PhoneNumber;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The orders and order_items tables. */
@Repository
class Orders {

    private final JdbcClient jdbc;

    Orders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An order about to be written, with what is stored beside it. */
    record NewOrder(Order order, String idempotencyKey, String fingerprint, String paymentReference) {
    }

    /** Writes many orders in two statements (headers, then lines): one batch of a checkout lane. */
    void addAll(List<NewOrder> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("""
                INSERT INTO orders (id, access_token, customer_name, customer_email, customer_phone,
                                    customer_phone_as_written, delivery_address, total_amount, status, payment_method,
                                    payment_reference, idempotency_key, request_hash, created_at) VALUES """);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            NewOrder n = batch.get(i);
            Order order = n.order();
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            // Only the token's hash is stored: a copy of the database does not open anybody's order.
            values.addAll(java.util.Arrays.asList(order.id(), OrderRequest.sha256(order.accessToken()), order.customerName(),
                    order.customerEmail(), order.customerPhone().e164(), order.customerPhone().asWritten(),
                    order.deliveryAddress(), order.total().amount(),
                    order.status().wire(), order.paymentMethod(), n.paymentReference(), n.idempotencyKey(),
                    n.fingerprint(), order.createdAt()));
        }
        jdbc.sql(sql.toString()).params(values).update();
        StringBuilder lines = new StringBuilder(
                "INSERT INTO order_items (order_id, product_id, product_name, quantity, price) VALUES ");
        List<Object> lineValues = new ArrayList<>();
        for (NewOrder n : batch) {
            for (Order.Item item : n.order().items()) {
                lines.append(lineValues.isEmpty() ? "" : ",").append("(?,?,?,?,?)");
                lineValues.addAll(List.of(n.order().id(), item.productId(), item.productName(), item.quantity(),
                        item.price().amount()));
            }
        }
        jdbc.sql(lines.toString()).params(lineValues).update();
    }

    /** Which of these Idempotency-Keys have already produced an order. */
    java.util.Set<String> usedKeys(java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("SELECT idempotency_key FROM orders WHERE idempotency_key = ANY(:keys)")
                .param("keys", keys.toArray(String[]::new)).query(String.class).list());
    }

    /** The order, if {@code token} is one of the access tokens handed out for it (compared as SHA-256). */
    Optional<Order> byIdAndToken(String id, String token) {
        String hash = OrderRequest.sha256(token);
        return jdbc.sql("""
                SELECT * FROM orders o WHERE o.id = :id AND (o.access_token = :hash OR EXISTS (
                    SELECT 1 FROM order_access_tokens t WHERE t.order_id = o.id AND t.token_sha256 = :hash))""")
                .param("id", id).param("hash", hash).query(this::header).optional().map(this::withItems);
    }

    /** A new access token for an existing order (for a retry's answer); only its hash is stored. */
    String issueToken(String orderId) {
        String token = OrderNumbers.newAccessToken();
        jdbc.sql("INSERT INTO order_access_tokens (token_sha256, order_id) VALUES (?, ?)")
                .params(OrderRequest.sha256(token), orderId).update();
        return token;
    }

    Optional<Order> byId(String id) {
        return jdbc.sql("SELECT * FROM orders WHERE id = ?").param(id).query(this::header).optional()
                .map(this::withItems);
    }

    /** The order an Idempotency-Key produced, with the fingerprint of the request that produced it. */
    Optional<Keyed> byIdempotencyKey(String key) {
        return jdbc.sql("SELECT * FROM orders WHERE idempotency_key = ?").param(key)
                .query((rs, n) -> new Keyed(header(rs, n), rs.getString("request_hash"))).optional()
                .map(k -> new Keyed(withItems(k.order()), k.fingerprint()));
    }

    record Keyed(Order order, String fingerprint) {
    }

    private Order withItems(Order header) {
        List<Order.Item> items = jdbc.sql("""
                SELECT product_id, product_name, quantity, price FROM order_items
                WHERE order_id = ? ORDER BY product_id""")
                .param(header.id())
                .query((rs, n) -> new Order.Item(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        new Money(rs.getBigDecimal(4))))
                .list();
        return header.withItems(items);
    }

    private Order header(ResultSet rs, int rowNum) throws SQLException {
        // The stored access_token is a hash, useless to the reader: an order read back carries no token.
        return new Order(rs.getString("id"), null, Order.Status.fromWire(rs.getString("status")),
                rs.getString("customer_name"), rs.getString("customer_email"), phone(rs),
                rs.getString("delivery_address"), new Money(rs.getBigDecimal("total_amount")), rs.getString("payment_method"),
                List.of(), rs.getObject("created_at", OffsetDateTime.class));
    }

    private static PhoneNumber phone(ResultSet rs) throws SQLException {
        String e164 = rs.getString("customer_phone");
        String asWritten = rs.getString("customer_phone_as_written");
        return new PhoneNumber(asWritten == null ? e164 : asWritten, e164);
    }
}
