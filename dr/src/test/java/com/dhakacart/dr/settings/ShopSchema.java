package com.dhakacart.dr.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shop's real schema in a scratch database: the API's Flyway migrations, read by path (the DR tool
 * must not depend on the api module, not even in tests) and applied in version order with plain JDBC,
 * plus a sample catalogue and order history.
 */
public final class ShopSchema {

    /** Where the API keeps its migrations, from the dr module's directory (Maven runs tests there). */
    static final Path MIGRATIONS = Path.of("..", "api", "src", "main", "resources", "db", "migration");

    private ShopSchema() {
    }

    /** Drops ScratchShop's stand-in orders table and applies every V*__*.sql migration in version order. */
    public static void migrate(Connection connection) throws SQLException {
        List<Path> scripts = scripts();
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no migrations in " + MIGRATIONS.toAbsolutePath());
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders");
            for (Path script : scripts) {
                s.execute(Files.readString(script, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> scripts() {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(1,
                            p.getFileName().toString().indexOf("__")))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A sample shop: {@code products} products (price 100.00 + id, stock 1000) and {@code orders}
     * orders of two items each, whose totals are the sum of their items and whose stock was taken.
     */
    public static void seed(Connection connection, int products, int orders) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO products (name, description, price, category, stock) SELECT 'Product ' || g,"
                    + " 'sample', 100.00 + g, 'category ' || (g % 10), 1000 FROM generate_series(1, " + products + ") g");
            s.execute("INSERT INTO orders (id, access_token, customer_name, customer_email, customer_phone,"
                    + " delivery_address, total_amount, payment_method) SELECT 'seed-' || g, 'token', 'Customer ' || g,"
                    + " 'c' || g || '@example.com', '+8801711000000', 'Dhaka', 0, 'cod' FROM generate_series(1, " + orders + ") g");
            s.execute("INSERT INTO order_items (order_id, product_id, product_name, quantity, price)"
                    + " SELECT o.id, p.id, p.name, 1, p.price FROM orders o"
                    + " JOIN products p ON p.id IN ((substr(o.id, 6)::int % " + products + ") + 1,"
                    + " ((substr(o.id, 6)::int + 7) % " + products + ") + 1)");
            s.execute("UPDATE orders o SET total_amount = (SELECT sum(quantity * price) FROM order_items i WHERE i.order_id = o.id)");
            s.execute("UPDATE products p SET stock = stock - (SELECT coalesce(sum(quantity), 0) FROM order_items i"
                    + " WHERE i.product_id = p.id)");
        }
    }
}
