package com.dhakacart.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The in-process catalog cache shows product edits at once and stock within a second, and orders no
 * longer NOTIFY (which serialised every committing order behind one lock).
 */
class CatalogFreshnessIT extends ApiTestSupport {

    @Autowired
    DataSource dataSource;

    @Test
    void showsNewStockAndPricesAtOnceAfterAChange() throws Exception {
        long id = newProduct("Cache Probe", "100", 5);
        assertThat(get("/api/products/" + id).json().get("data").get("stock").asInt()).isEqualTo(5);
        get("/api/products?category=Test"); // warm the listing cache too
        // A change made outside this API instance (another replica, an admin in psql) arrives by NOTIFY.
        jdbc.sql("UPDATE products SET price = 120, stock = 3 WHERE id = ?").param(id).update();
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode seen = null;
        while (System.nanoTime() < deadline) {
            seen = get("/api/products/" + id).json().get("data");
            if (seen.get("stock").asInt() == 3) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(seen.get("stock").asInt()).isEqualTo(3);
        assertThat(seen.get("price").decimalValue()).isEqualByComparingTo("120");
        assertThat(find(get("/api/products?category=Test").json().get("data"), "Cache Probe").get("stock").asInt())
                .isEqualTo(3);
    }

    @Test
    void showsTheStockTakenByAnOrderWithinASecond() throws Exception {
        long id = newProduct("Order Probe", "50", 4);
        assertThat(get("/api/products/" + id).json().get("data").get("stock").asInt()).isEqualTo(4);
        assertThat(find(get("/api/products?category=Test").json().get("data"), "Order Probe").get("stock").asInt())
                .isEqualTo(4);
        Answer placed = post("/api/orders", order("{\"product_id\":" + id + ",\"quantity\":3}"));
        assertThat(placed.status()).isEqualTo(201);
        long deadline = System.nanoTime() + 1_000_000_000L;
        int product = -1;
        int listed = -1;
        while (System.nanoTime() < deadline && (product != 1 || listed != 1)) {
            product = get("/api/products/" + id).json().get("data").get("stock").asInt();
            listed = find(get("/api/products?category=Test").json().get("data"), "Order Probe").get("stock").asInt();
        }
        assertThat(product).as("product page a second after the order").isEqualTo(1);
        assertThat(listed).as("listing a second after the order").isEqualTo(1);
    }

    @Test
    void anOrderSendsNoNotifyButAPriceChangeDoes() throws Exception {
        long id = newProduct("Notify Probe", "75", 10);
        try (Connection listener = dataSource.getConnection()) {
            listener.createStatement().execute("LISTEN catalog_changed");
            PGConnection pg = listener.unwrap(PGConnection.class);
            pg.getNotifications(1); // drain anything from creating the product

            assertThat(post("/api/orders", order("{\"product_id\":" + id + ",\"quantity\":1}")).status())
                    .isEqualTo(201);
            assertThat(jdbc.sql("SELECT stock FROM products WHERE id = ?").param(id).query(Integer.class).single())
                    .isEqualTo(9);
            PGNotification[] afterOrder = pg.getNotifications(500);
            assertThat(afterOrder == null ? 0 : afterOrder.length).as("notifications after an order").isZero();

            jdbc.sql("UPDATE products SET price = 80 WHERE id = ?").param(id).update();
            PGNotification[] afterEdit = pg.getNotifications(5_000);
            assertThat(afterEdit).as("notification after a price change").isNotEmpty();
        }
    }

    @Test
    void listsANewProductFirstWhenSortedByNewest() {
        long newest = newProduct("Brand New Thing", "10", 1);
        assertThat(get("/api/products?sort=newest").json().get("data").get(0).get("id").asLong()).isEqualTo(newest);
    }

    private static JsonNode find(JsonNode data, String name) {
        for (JsonNode product : data) {
            if (product.get("name").asText().equals(name)) {
                return product;
            }
        }
        throw new AssertionError(name + " not in " + data);
    }
}
