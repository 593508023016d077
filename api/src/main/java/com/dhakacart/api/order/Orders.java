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

    /** The order, its row locked until the transaction ends (a status change reads what it changes). */
    Optional<Order> lock(String id) {
        return jdbc.sql("SELECT * FROM orders WHERE id = ? FOR UPDATE").param(id).query(this::header).optional()
                .map(this::withItems);
    }

    void setStatus(String id, Order.Status status, String staffEmail) {
        jdbc.sql("UPDATE orders SET status = ? WHERE id = ?").params(status.wire(), id).update();
        jdbc.sql("INSERT INTO order_status_history (order_id, status, staff_email) VALUES (?, ?, ?)")
                .params(id, status.wire(), staffEmail).update();
    }

    List<OrderLifecycle.StatusChange> history(String id) {
        return jdbc.sql("SELECT status, at, staff_email FROM order_status_history WHERE order_id = ? ORDER BY id")
                .param(id).query((rs, n) -> new OrderLifecycle.StatusChange(rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class), rs.getString(3))).list();
    }

    /** Orders matching the filter (any part may be null), newest first: one page. */
    List<OrderLifecycle.Summary> search(OrderLifecycle.Filter filter, int page, int size) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        String where = where(filter, params);
        params.put("limit", size);
        params.put("offset", (long) (page - 1) * size);
        return jdbc.sql("SELECT o.id, o.status, o.customer_name, o.customer_phone, o.customer_phone_as_written,"
                        + " o.total_amount, o.payment_method, o.created_at,"
                        + " (SELECT coalesce(sum(quantity), 0) FROM order_items i WHERE i.order_id = o.id) AS item_count"
                        + " FROM orders o" + where + " ORDER BY o.created_at DESC, o.id DESC LIMIT :limit OFFSET :offset")
                .params(params)
                .query((rs, n) -> new OrderLifecycle.Summary(rs.getString("id"), rs.getString("status"),
                        rs.getString("customer_name"), phone(rs).asWritten(), phone(rs).e164(),
                        rs.getBigDecimal("total_amount"), rs.getString("payment_method"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getLong("item_count")))
                .list();
    }

    long count(OrderLifecycle.Filter filter) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        return jdbc.sql("SELECT count(*) FROM orders o" + where(filter, params)).params(params).query(Long.class).single();
    }

    private static String where(OrderLifecycle.Filter filter, java.util.Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" WHERE true");
        if (filter.status() != null) {
            where.append(" AND o.status = :status");
            params.put("status", filter.status().wire());
        }
        if (filter.from() != null) {
            where.append(" AND o.created_at >= :from");
            params.put("from", filter.from());
        }
        if (filter.until() != null) {
            where.append(" AND o.created_at < :until");
            params.put("until", filter.until());
        }
        if (filter.phone() != null) {
            where.append(" AND o.customer_phone = :phone");
            params.put("phone", filter.phone().e164());
        }
        return where.toString();
    }

    /** Pending cash-on-delivery orders placed before {@code before}, oldest first, at most {@code limit}. */
    List<String> stalePending(OffsetDateTime before, int limit, boolean lock) {
        return jdbc.sql("SELECT id FROM orders WHERE status = 'pending' AND payment_method = 'cod' AND created_at < ?"
                        + " ORDER BY created_at, id LIMIT ?" + (lock ? " FOR UPDATE SKIP LOCKED" : ""))
                .params(before, limit).query(String.class).list();
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
