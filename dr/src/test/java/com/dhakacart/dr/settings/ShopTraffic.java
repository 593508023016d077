package com.dhakacart.dr.settings;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Customers placing orders as the API does, in SQL: one transaction per order that prices two products
 * from the database, inserts the order and its items, and takes the stock. Paced (one order every
 * {@code pauseMillis}) so it looks like a shop, not a load test; records every acknowledged order id.
 */
public final class ShopTraffic implements AutoCloseable {

    public final Set<String> acknowledged = new ConcurrentSkipListSet<>();
    private final String url;
    private final long pauseMillis;
    private final int products;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Set<Long> avoid = Set.of();

    public ShopTraffic(ScratchShop shop, String database, int products, long pauseMillis) {
        this.url = shop.postgres.jdbcUrl(database);
        this.products = products;
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::loop, "shop-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    /** Customers cannot buy products that are gone: new orders leave these alone. */
    public void avoid(Set<Long> productIds) {
        avoid = Set.copyOf(productIds);
    }

    private void loop() {
        while (running.get()) {
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                c.setAutoCommit(false);
                while (running.get()) {
                    placeOrder(c);
                    Thread.sleep(pauseMillis);
                }
            } catch (SQLException retry) {
                // a deadlock with a mass update, or the server going away: new connection, next order
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void placeOrder(Connection c) throws SQLException {
        long a = pick(0);
        long b = pick(a);
        String id = "ord-" + UUID.randomUUID();
        try {
            BigDecimal total = BigDecimal.ZERO;
            try (PreparedStatement order = c.prepareStatement("INSERT INTO orders (id, access_token, customer_name,"
                    + " customer_email, customer_phone, delivery_address, total_amount, payment_method)"
                    + " VALUES (?, 'token', 'Traffic', 'traffic@example.com', '+8801711000000', 'Dhaka', 0, 'cod')")) {
                order.setString(1, id);
                order.executeUpdate();
            }
            for (long product : new long[] {Math.min(a, b), Math.max(a, b)}) {
                try (PreparedStatement take = c.prepareStatement(
                        "UPDATE products SET stock = stock - 1 WHERE id = ? AND stock >= 1 RETURNING name, price")) {
                    take.setLong(1, product);
                    try (ResultSet rs = take.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return; // out of stock or gone: the customer picks something else next time
                        }
                        try (PreparedStatement item = c.prepareStatement("INSERT INTO order_items (order_id, product_id,"
                                + " product_name, quantity, price) VALUES (?, ?, ?, 1, ?)")) {
                            item.setString(1, id);
                            item.setLong(2, product);
                            item.setString(3, rs.getString(1));
                            item.setBigDecimal(4, rs.getBigDecimal(2));
                            item.executeUpdate();
                        }
                        total = total.add(rs.getBigDecimal(2));
                    }
                }
            }
            try (PreparedStatement price = c.prepareStatement("UPDATE orders SET total_amount = ? WHERE id = ?")) {
                price.setBigDecimal(1, total);
                price.setString(2, id);
                price.executeUpdate();
            }
            c.commit();
            acknowledged.add(id);
        } catch (SQLException e) {
            c.rollback();
            if (!"40P01".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private long pick(long not) {
        while (true) {
            long id = ThreadLocalRandom.current().nextLong(1, products + 1);
            if (id != not && !avoid.contains(id)) {
                return id;
            }
        }
    }

    /** Stops placing orders and waits for the one in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
