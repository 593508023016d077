package com.dhakacart.dr.restore;

import com.dhakacart.dr.settings.ScratchShop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop taking orders: commits one order at a time, as fast as the database acknowledges them, and
 * records every acknowledged commit (id and when the acknowledgement arrived). Failed commits are
 * retried on a new connection, as the API's pool would.
 */
final class OrderWriter implements AutoCloseable {

    final ConcurrentSkipListMap<Long, Long> acknowledged = new ConcurrentSkipListMap<>();
    final AtomicInteger failures = new AtomicInteger();
    private final ScratchShop shop;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    OrderWriter(ScratchShop shop) {
        this.shop = shop;
        this.thread = new Thread(this::loop, "order-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        Connection connection = null;
        int n = 0;
        while (running.get()) {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(shop.postgres.jdbcUrl(ScratchShop.DATABASE)
                            + "?connectTimeout=2&socketTimeout=30", "postgres", "");
                }
                long id = shop.insertOrder(connection, "customer" + (n++) + "@example.com");
                acknowledged.put(id, System.nanoTime());
            } catch (SQLException e) {
                failures.incrementAndGet();
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException ignored) {
                    // broken already
                }
                connection = null;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // done anyway
        }
    }

    /** Nanotime of the newest acknowledgement. */
    long lastAckNanos() {
        return acknowledged.isEmpty() ? 0 : acknowledged.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Stops taking new orders without waiting (an attempt in flight finishes or fails on its own). */
    void stop() {
        running.set(false);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(40_000);
    }
}
