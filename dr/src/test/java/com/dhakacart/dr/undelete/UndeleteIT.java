package com.dhakacart.dr.undelete;

import com.dhakacart.dr.agent.Agent;
import com.dhakacart.dr.agent.AgentReady;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.settings.ScratchShop;
import com.dhakacart.dr.settings.ShopSchema;
import com.dhakacart.dr.settings.ShopTraffic;
import com.dhakacart.dr.vault.Vault;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook scenario 4 (accidental deletion), with real processes: while customers keep ordering, a
 * clean-up script deletes a category of products (with their order items) and a range of orders (with
 * theirs). {@code dr undelete} must bring back exactly the deleted rows, keep every order placed since,
 * leave rows that changed legitimately alone, and leave stock and money adding up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("scenario")
class UndeleteIT {

    private static final int PRODUCTS = 300;
    private static final int STOCK = 1000;
    private static final String VICTIM_PRODUCTS = "category = 'category 3'";
    private static final String VICTIM_ORDERS = "id LIKE 'seed-1%'";

    private ScratchShop shop;
    private Vault vault;
    private Agent agent;

    @BeforeAll
    void protectAShopOnTheRealSchema() throws Exception {
        shop = new ScratchShop("dr-undelete");
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
            ShopSchema.migrate(c);
            ShopSchema.seed(c, PRODUCTS, 200);
        }
        vault = Repositories.open(shop.settings(), true, ScratchShop::log);
        agent = new Agent(shop.dr(), vault, line -> ScratchShop.log("agent: " + line)).start(0);
        AgentReady.await(agent, Duration.ofSeconds(90));
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (vault != null) {
            vault.close();
        }
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void aBadTableOrFilterIsRefusedInOneLineBeforeAnythingIsRestored() {
        ScratchShop.Cli noTable = shop.cli("undelete", "--table", "no_such_table", "--to-time", Instant.now().toString());
        assertThat(noTable.code()).as(noTable.toString()).isEqualTo(2);
        assertThat(noTable.err().lines().filter(l -> l.startsWith("dhakacart dr")).toList()).singleElement()
                .asString().contains("no table no_such_table");
        ScratchShop.Cli badWhere = shop.cli("undelete", "--table", "orders", "--where", "no_such_column = 1",
                "--to-time", Instant.now().toString());
        assertThat(badWhere.code()).as(badWhere.toString()).isEqualTo(2);
        assertThat(badWhere.err()).contains("--where does not work on orders").doesNotContain("restoring");
    }

    @Test
    void bringsBackExactlyTheDeletedRowsAndKeepsEveryNewerOrder() throws Exception {
        Map<String, Map<String, String>> victims;
        Instant t0;
        String laterOrder = "later-order";
        long laterProduct;
        ScratchShop.Cli dryRun;
        ScratchShop.Cli products;
        ScratchShop.Cli orders;
        Set<String> acknowledged;
        try (ShopTraffic traffic = new ShopTraffic(shop, ScratchShop.DATABASE, PRODUCTS, 100);
             Connection c = shop.postgres.connect(ScratchShop.DATABASE); Statement s = c.createStatement()) {
            Set<Long> victimProducts = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM products WHERE " + VICTIM_PRODUCTS)) {
                while (rs.next()) {
                    victimProducts.add(rs.getLong(1));
                }
            }
            traffic.avoid(victimProducts); // nobody can buy what is about to vanish (and after, it is gone)
            Thread.sleep(1500);
            victims = victimRows(s);
            t0 = Instant.now();
            Thread.sleep(500);
            // An order after T0 for a product of category 4: that product's stock differs live from T0.
            try (ResultSet rs = s.executeQuery("SELECT min(id) FROM products WHERE category = 'category 4'")) {
                rs.next();
                laterProduct = rs.getLong(1);
            }
            s.execute("BEGIN");
            s.execute("INSERT INTO orders (id, access_token, customer_name, customer_email, customer_phone, delivery_address,"
                    + " total_amount, payment_method) SELECT '" + laterOrder + "', 't', 'Later', 'l@example.com', '+8801711000000',"
                    + " 'Dhaka', price * 2, 'cod' FROM products WHERE id = " + laterProduct);
            s.execute("INSERT INTO order_items SELECT '" + laterOrder + "', id, name, 2, price FROM products WHERE id = " + laterProduct);
            s.execute("UPDATE products SET stock = stock - 2 WHERE id = " + laterProduct);
            s.execute("COMMIT");
            Thread.sleep(500);

            // The accident: a clean-up script, in one transaction, amid the traffic.
            s.execute("BEGIN");
            s.execute("DELETE FROM orders WHERE " + VICTIM_ORDERS);
            s.execute("DELETE FROM order_items WHERE product_id IN (SELECT id FROM products WHERE " + VICTIM_PRODUCTS + ")");
            s.execute("DELETE FROM products WHERE " + VICTIM_PRODUCTS);
            s.execute("COMMIT");
            assertThat(victimRows(s).values()).allMatch(Map::isEmpty);
            Thread.sleep(1000);

            Map<String, Long> beforeDryRun = counts(s);
            dryRun = shop.cli("undelete", "--table", "products", "--where", "category IN ('category 3', 'category 4')",
                    "--to-time", t0.toString(), "--dry-run", "--json");
            assertThat(dryRun.code()).as(dryRun.toString()).isZero();
            assertThat(victimRows(s).values()).as("a dry run changes nothing").allMatch(Map::isEmpty);
            assertThat(counts(s).get("products")).isEqualTo(beforeDryRun.get("products"));

            // Orders keep arriving while the rows come back.
            long started = System.nanoTime();
            products = shop.cli("undelete", "--table", "products", "--where", "category IN ('category 3', 'category 4')",
                    "--to-time", t0.toString(), "--json");
            ScratchShop.log("undelete --table products took " + (System.nanoTime() - started) / 1_000_000 + " ms:\n" + products.err());
            assertThat(products.code()).as(products.toString()).isZero();
            orders = shop.cli("undelete", "--table", "orders", "--where", VICTIM_ORDERS, "--to-time", t0.toString(), "--json");
            assertThat(orders.code()).as(orders.toString()).isZero();
            Thread.sleep(500);
            traffic.close();
            acknowledged = Set.copyOf(traffic.acknowledged);
            assertThat(acknowledged).as("orders kept arriving").isNotEmpty();

            // Exactly the deleted rows are back, as they were.
            assertThat(victimRows(s)).isEqualTo(victims);
            JsonNode done = Catalogue.JSON.readTree(products.out());
            JsonNode wouldDo = Catalogue.JSON.readTree(dryRun.out());
            assertThat(wouldDo.path("dryRun").asBoolean()).isTrue();
            Map<String, Set<String>> restoredByProducts = restoredKeys(done);
            // (What differs live can grow between the two runs: customers keep taking stock.)
            assertThat(restoredKeys(wouldDo)).isEqualTo(restoredByProducts);
            // Between them, the two runs brought back each deleted row once, and nothing else.
            Map<String, Set<String>> restoredByOrders = restoredKeys(Catalogue.JSON.readTree(orders.out()));
            for (String table : List.of("products", "orders", "order_items")) {
                Set<String> byProducts = restoredByProducts.getOrDefault(table, Set.of());
                Set<String> byOrders = restoredByOrders.getOrDefault(table, Set.of());
                assertThat(java.util.Collections.disjoint(byProducts, byOrders)).as(table + " brought back twice").isTrue();
                Set<String> all = new HashSet<>(byProducts);
                all.addAll(byOrders);
                Set<String> deleted = new HashSet<>(victims.get(table.equals("order_items") ? "order items" : table).keySet());
                if (table.equals("order_items")) {
                    deleted.addAll(victims.get("product items").keySet());
                }
                assertThat(all).as(table).isEqualTo(deleted);
            }
            assertThat(restoredByProducts.get("products")).isEqualTo(victims.get("products").keySet());
            // The product ordered after T0 differs live (its stock): reported, not overwritten.
            JsonNode changed = table(done, "products");
            assertThat(changed.path("changedKeys").toString()).contains("\"" + laterProduct + "\"");
            assertThat(changed.path("overwritten").asBoolean()).isFalse();

            // Every order placed after T0 is still there, with its items.
            Set<String> liveOrders = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)")) {
                while (rs.next()) {
                    liveOrders.add(rs.getString(1));
                }
            }
            assertThat(liveOrders).containsAll(acknowledged).contains(laterOrder);

            // Money: every order's total is the sum of its items. Stock: what each product started with
            // is what it has plus what its live order items took.
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM orders o WHERE total_amount <>"
                    + " (SELECT coalesce(sum(quantity * price), 0) FROM order_items i WHERE i.order_id = o.id)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("orders whose total is not the sum of their items").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE p.stock + coalesce(i.taken, 0) <> "
                    + STOCK + ") FROM products p LEFT JOIN (SELECT product_id, sum(quantity) taken FROM order_items"
                    + " GROUP BY product_id) i ON i.product_id = p.id")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(PRODUCTS);
                assertThat(rs.getLong(2)).as("products whose stock does not add up").isZero();
            }
        }
    }

    /** The rows the accident deletes, by table, as key -> the whole row in text. */
    private static Map<String, Map<String, String>> victimRows(Statement s) throws SQLException {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        rows.put("products", read(s, "SELECT id::text, p::text FROM products p WHERE " + VICTIM_PRODUCTS));
        rows.put("orders", read(s, "SELECT id, o::text FROM orders o WHERE " + VICTIM_ORDERS));
        rows.put("order items", read(s, "SELECT order_id || ',' || product_id, i::text FROM order_items i WHERE order_id IN"
                + " (SELECT id FROM orders WHERE " + VICTIM_ORDERS + ")"));
        rows.put("product items", read(s, "SELECT order_id || ',' || product_id, i::text FROM order_items i WHERE product_id IN"
                + " (SELECT id FROM products WHERE " + VICTIM_PRODUCTS + ")"));
        return rows;
    }

    private static Map<String, String> read(Statement s, String sql) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static Map<String, Long> counts(Statement s) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        for (String table : List.of("products", "orders", "order_items")) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    private static Map<String, Set<String>> restoredKeys(JsonNode report) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (JsonNode t : report.path("tables")) {
            List<String> list = new ArrayList<>();
            t.path("restoredKeys").forEach(k -> list.add(k.asText()));
            keys.put(t.path("table").asText(), new HashSet<>(list));
            assertThat(list).as("each row once").doesNotHaveDuplicates();
        }
        return keys;
    }

    private static JsonNode table(JsonNode report, String name) {
        for (JsonNode t : report.path("tables")) {
            if (t.path("table").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }
}
