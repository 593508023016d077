package com.dhakacart.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The in-process catalog cache never shows stale stock or prices. */
class CatalogFreshnessIT extends ApiTestSupport {

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
    void showsStockTakenByAnOrderInTheVeryNextRead() {
        long id = newProduct("Order Probe", "50", 4);
        assertThat(get("/api/products/" + id).json().get("data").get("stock").asInt()).isEqualTo(4);
        Answer placed = post("/api/orders", order("{\"product_id\":" + id + ",\"quantity\":3}"));
        assertThat(placed.status()).isEqualTo(201);
        assertThat(get("/api/products/" + id).json().get("data").get("stock").asInt()).isEqualTo(1);
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
