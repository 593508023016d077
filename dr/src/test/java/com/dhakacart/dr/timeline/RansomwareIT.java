package com.dhakacart.dr.timeline;

import com.dhakacart.dr.agent.Agent;
import com.dhakacart.dr.agent.AgentReady;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.Lsn;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.settings.ScratchShop;
import com.dhakacart.dr.settings.ShopSchema;
import com.dhakacart.dr.settings.ShopTraffic;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.PostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook scenario 3 (ransomware), with real processes: a shop on the real schema, protected by the
 * agent, taking orders, is hit by {@code DELETE FROM order_items; UPDATE products SET name = 'encrypted'}.
 * {@code dr timeline} must name the minute and the tables, and a restore to just before the first
 * destructive record must hold every order, item and product name that was there; one up to and
 * including the DELETE's commit holds the names but no items.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("scenario")
class RansomwareIT {

    private static final int PRODUCTS = 3000;

    private ScratchShop shop;
    private Vault vault;
    private Agent agent;
    private Instant testStarted;

    @BeforeAll
    void protectAShopOnTheRealSchema() throws Exception {
        testStarted = Instant.now();
        shop = new ScratchShop("dr-ransomware");
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
            ShopSchema.migrate(c);
            ShopSchema.seed(c, PRODUCTS, 400);
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
    void theTimelineNamesTheAttackAndARestoreJustBeforeItHasEveryOrderItemAndName() throws Exception {
        Shop before;
        Instant attackedAt;
        try (ShopTraffic traffic = new ShopTraffic(shop, ScratchShop.DATABASE, PRODUCTS, 300)) {
            Thread.sleep(3000);
            before = Shop.read(shop.postgres.jdbcUrl(ScratchShop.DATABASE));
            attackedAt = Instant.now();
            attack();
            Thread.sleep(1500);
            assertThat(traffic.acknowledged).as("orders kept arriving").isNotEmpty();
        }
        Shop damaged = Shop.read(shop.postgres.jdbcUrl(ScratchShop.DATABASE));
        assertThat(damaged.names.values()).containsOnly("encrypted");

        ScratchShop.Cli cli = shop.cli("timeline", "--since", testStarted.minusSeconds(60).toString(), "--json");
        assertThat(cli.code()).as(cli.toString()).isZero();
        JsonNode timeline = Catalogue.JSON.readTree(cli.out());
        JsonNode items = spike(timeline, "order_items");
        JsonNode products = spike(timeline, "products");
        assertThat(items).as("a spike on order_items in " + cli.out()).isNotNull();
        assertThat(products).as("a spike on products in " + cli.out()).isNotNull();
        for (JsonNode spike : List.of(items, products)) {
            Instant minute = Instant.parse(spike.path("minute").asText());
            assertThat(minute).isBetween(attackedAt.minusSeconds(60), attackedAt.plusSeconds(60));
            assertThat(spike.path("database").asText()).isEqualTo(ScratchShop.DATABASE);
        }
        assertThat(items.path("deleted").asLong()).isGreaterThanOrEqualTo(before.itemCount);
        assertThat(products.path("updated").asLong()).isGreaterThanOrEqualTo(PRODUCTS);
        // Nothing but the attack is flagged: the orders and stock updates of normal traffic are not spikes.
        List<String> flagged = new ArrayList<>();
        timeline.path("changes").forEach(c -> {
            if (!c.path("spike").isNull()) {
                flagged.add(c.path("table").asText());
            }
        });
        assertThat(flagged).containsOnly("order_items", "products");

        // The DELETE came first: restoring just before its first record undoes both statements.
        String before1 = items.path("burst").path("firstLsn").asText();
        assertThat(Lsn.parse(before1)).isLessThan(Lsn.parse(products.path("burst").path("firstLsn").asText()));
        ScratchShop.Cli text = shop.cli("timeline", "--since", testStarted.minusSeconds(60).toString());
        assertThat(text.code()).as(text.toString()).isZero();
        ScratchShop.log("dr timeline printed:\n" + text.out());
        assertThat(text.out()).contains("SPIKE").contains("dhakacart_db.order_items")
                .contains("./dhakacart dr restore --before-lsn " + before1);

        int port = LocalProcesses.freePort();
        ScratchShop.Cli restore = shop.cli("restore", "--before-lsn", before1, "--target-dir",
                shop.home.resolve("before-attack").toString(), "--port", String.valueOf(port));
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("to just before LSN " + before1);
        PostgresServer restored = PostgresServer.existing(shop.home.resolve("before-attack"), port);
        try {
            Shop clean = Shop.read("jdbc:postgresql://127.0.0.1:" + port + "/" + ScratchShop.DATABASE);
            assertThat(clean.names).containsAllEntriesOf(before.names);
            assertThat(clean.names.values()).doesNotContain("encrypted");
            assertThat(clean.items).containsAllEntriesOf(before.items);
            assertThat(clean.orders).containsAll(before.orders.stream().toList());
            // Every order restored is whole: its items are there and add up to its total.
            assertThat(clean.ordersNotAddingUp).isZero();
        } finally {
            restored.stop();
        }

        // --to-lsn is inclusive: up to the DELETE's commit record, the items are gone, the names not yet.
        String deleteCommitted = items.path("burst").path("commitLsn").asText();
        int port2 = LocalProcesses.freePort();
        ScratchShop.Cli upTo = shop.cli("restore", "--to-lsn", deleteCommitted, "--target-dir",
                shop.home.resolve("up-to-delete").toString(), "--port", String.valueOf(port2));
        assertThat(upTo.code()).as(upTo.toString()).isZero();
        PostgresServer between = PostgresServer.existing(shop.home.resolve("up-to-delete"), port2);
        try {
            Shop halfway = Shop.read("jdbc:postgresql://127.0.0.1:" + port2 + "/" + ScratchShop.DATABASE);
            // (an order committed while the DELETE ran keeps its items: the DELETE did not see them)
            assertThat(halfway.items.keySet()).doesNotContainAnyElementsOf(before.items.keySet());
            assertThat(halfway.names).containsAllEntriesOf(before.names);
        } finally {
            between.stop();
        }
    }

    private void attack() throws SQLException {
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE); Statement s = c.createStatement()) {
            for (String sql : List.of("DELETE FROM order_items", "UPDATE products SET name = 'encrypted'")) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        s.execute(sql);
                        break;
                    } catch (SQLException deadlock) {
                        // the mass update can deadlock with an order taking stock; the attacker just tries again
                        if (!"40P01".equals(deadlock.getSQLState()) || attempt == 5) {
                            throw deadlock;
                        }
                    }
                }
            }
        }
    }

    private static JsonNode spike(JsonNode timeline, String table) {
        for (JsonNode c : timeline.path("changes")) {
            if (c.path("table").asText().equals(table) && !c.path("spike").isNull()) {
                return c;
            }
        }
        return null;
    }

    /** What a customer and the shop care about: product names, orders, items (order/product -> quantity). */
    record Shop(Map<Long, String> names, java.util.Set<String> orders, Map<String, Integer> items, long itemCount,
                long ordersNotAddingUp) {

        static Shop read(String url) throws SQLException {
            Map<Long, String> names = new HashMap<>();
            java.util.Set<String> orders = new java.util.HashSet<>();
            Map<String, Integer> items = new HashMap<>();
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT id, name FROM products")) {
                    while (rs.next()) {
                        names.put(rs.getLong(1), rs.getString(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
                    while (rs.next()) {
                        orders.add(rs.getString(1));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT order_id, product_id, quantity FROM order_items")) {
                    while (rs.next()) {
                        items.put(rs.getString(1) + "/" + rs.getLong(2), rs.getInt(3));
                    }
                }
                long notAddingUp;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM orders o WHERE total_amount <>"
                        + " (SELECT coalesce(sum(quantity * price), 0) FROM order_items i WHERE i.order_id = o.id)")) {
                    rs.next();
                    notAddingUp = rs.getLong(1);
                }
                return new Shop(names, orders, items, items.size(), notAddingUp);
            }
        }
    }
}
