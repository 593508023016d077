package com.dhakacart.dr.drill;

import com.dhakacart.dr.agent.Agent;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.settings.ScratchShop;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.testing.LocalProcesses;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dr drill} on a shop with the real schema (the API's Flyway migrations) protected by the DR agent:
 * it passes on a healthy shop, finding every acknowledged order by id and total, and it FAILS, naming the
 * check, on each planted fault: an orders check that cannot run, a corrupted object, a missing WAL segment.
 * The undelete and new-host rehearsals pass on the same shop (new-host from a copy of the repository kept
 * outside the home) and new-host fails when every repository would be lost with the machine.
 * The faults are planted in that order (the last one cannot be undone).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillIT {

    private ScratchShop shop;
    private Vault vault;
    private Agent agent;
    private int metricsPort;
    private final List<String> acknowledged = new ArrayList<>();

    @BeforeAll
    void protectAShopWithTheRealSchema() throws Exception {
        shop = new ScratchShop("dr-drill", true);
        shop.postgres.execute(ScratchShop.DATABASE, """
                INSERT INTO products (name, price, category, stock) VALUES
                  ('Walton Primo NX5', 13999.00, 'electronics', 500), ('Aarong panjabi', 2450.50, 'clothing', 500)""");
        vault = Repositories.open(shop.settings(), true, ScratchShop::log);
        agent = new Agent(shop.dr(), vault, line -> ScratchShop.log("agent: " + line)).start(metricsPort = LocalProcesses.freePort());
        awaitTrue("the first base backup and synchronous streaming", Duration.ofSeconds(90),
                () -> agent.lastBackup().isPresent() && agent.replication().synchronous());
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
            for (int i = 0; i < 30; i++) {
                acknowledged.add(placeOrder(c, i));
            }
        }
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
    @Order(1)
    void passesOnAHealthyShopWithEveryAcknowledgedOrderRestoredByIdAndTotal() throws Exception {
        ScratchShop.Cli cli = shop.cli("drill", "--json");
        assertThat(cli.code()).as(cli.toString()).isZero();
        JsonNode report = Catalogue.JSON.readTree(cli.out());
        assertThat(report.path("success").asBoolean()).isTrue();
        JsonNode dbLoss = report.path("scenarios").get(0);
        assertThat(dbLoss.path("scenario").asText()).isEqualTo("db-loss");
        assertThat(dbLoss.path("rpoOrders").asLong()).isZero();
        assertThat(dbLoss.path("rtoSeconds").asDouble()).isPositive();
        assertThat(dbLoss.path("databaseBytes").asLong()).isGreaterThan(1_000_000);
        assertThat(checks(dbLoss)).containsEntry("orders", "all 30 acknowledged orders restored with their totals")
                .containsKey("integrity dhakacart_db").containsKey("wal").containsKey("restore");
        // Every table of the shop's schema (whatever the API's migrations make it) was read in the copy.
        long tables;
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
            rs.next();
            tables = rs.getLong(1);
        }
        assertThat(tables).isGreaterThanOrEqualTo(3);
        assertThat(checks(dbLoss).get("integrity dhakacart_db")).contains(tables + " tables").contains("B-tree indexes checked");

        Path markdown = shop.settings().stateDir().resolve("last-drill.md");
        assertThat(Files.readString(markdown)).contains("| db-loss | passed |").contains("ok orders: all 30");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("dhakacart_dr_last_drill_success 1").contains("dhakacart_dr_last_drill_rpo_orders 0");
    }

    @Test
    @Order(2)
    void failsWhenTheOrdersCannotBeComparedAndSaysWhy() throws Exception {
        // The least-privilege role the Compose and Kubernetes deployments give the DR tool
        // (deploy/compose/db-init), without pg_read_all_data: it can restore but not read the orders.
        shop.postgres.execute("postgres", "CREATE ROLE dhakacart_dr LOGIN REPLICATION IN ROLE pg_monitor");
        shop.postgres.execute("postgres", "GRANT ALTER SYSTEM ON PARAMETER synchronous_standby_names TO dhakacart_dr");
        shop.postgres.execute("postgres", "GRANT EXECUTE ON FUNCTION pg_reload_conf() TO dhakacart_dr");
        Map<String, String> env = new HashMap<>(shop.env);
        env.put("DR_PG_USER", "dhakacart_dr");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = com.dhakacart.dr.cli.DrMain.run(new PrintWriter(out), new PrintWriter(err), env, "drill", "--json");

        assertThat(code).as(err.toString()).isEqualTo(9);
        JsonNode dbLoss = Catalogue.JSON.readTree(out.toString()).path("scenarios").get(0);
        assertThat(dbLoss.path("passed").asBoolean()).isFalse();
        assertThat(dbLoss.path("rpoOrders").asLong()).isEqualTo(-1);
        assertThat(checks(dbLoss).get("orders")).startsWith("could not read the live orders");
        assertThat(checks(dbLoss).get("integrity dhakacart_db")).contains("could not read").contains("pg_read_all_data");
        assertThat(err.toString()).contains("dhakacart dr drill: FAILED: db-loss:");
    }

    @Test
    @Order(3)
    void failsWhenAnObjectInTheRepositoryIsCorrupted() throws Exception {
        Path biggest;
        // The biggest object in the repository is the base backup's data.
        try (Stream<Path> files = Files.walk(shop.home.resolve("backups"))) {
            biggest = files.filter(Files::isRegularFile).max(Comparator.comparingLong(DrillIT::size)).orElseThrow();
        }
        Path original = shop.home.resolve("original-object");
        Files.copy(biggest, original, StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(biggest);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(biggest, bytes);
        try {
            ScratchShop.Cli cli = shop.cli("drill", "--json");
            assertThat(cli.code()).as(cli.toString()).isEqualTo(9);
            JsonNode dbLoss = Catalogue.JSON.readTree(cli.out()).path("scenarios").get(0);
            assertThat(dbLoss.path("passed").asBoolean()).isFalse();
            assertThat(checks(dbLoss).get("restore")).isNotBlank();
            assertThat(checks(dbLoss)).doesNotContainKey("orders");
        } finally {
            Files.copy(original, biggest, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(4)
    void rehearsesUndeleteWithoutChangingTheLiveShop() throws Exception {
        long ordersBefore = orderCount();
        ScratchShop.Cli cli = shop.cli("drill", "--scenario", "undelete", "--json");
        ScratchShop.log("undelete drill:\n" + cli.out());

        assertThat(cli.code()).as(cli.toString()).isZero();
        JsonNode undelete = Catalogue.JSON.readTree(cli.out()).path("scenarios").get(0);
        assertThat(undelete.path("scenario").asText()).isEqualTo("undelete");
        assertThat(undelete.path("rtoSeconds").asDouble()).isPositive();
        assertThat(checks(undelete).get("dry run")).contains("nothing changed").contains("0 row(s) deleted since the mark");
        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(shop.cli("drill", "--scenario", "fire").code()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void rehearsesANewHostFromTheOffSiteCopyAloneAndFailsWhenThereIsNone() throws Exception {
        ScratchShop.Cli onlyLocal = shop.cli("drill", "--scenario", "new-host");
        assertThat(onlyLocal.code()).as(onlyLocal.toString()).isEqualTo(9);
        assertThat(onlyLocal.out()).contains("| new-host | **FAILED** |").contains("no repository outside");

        // The off-site copy: the repository as it is now, somewhere the machine's loss would not take.
        Path offsite = shop.home.resolveSibling(shop.home.getFileName() + "-offsite");
        copyTree(shop.home.resolve("backups"), offsite);
        Map<String, String> env = new HashMap<>(shop.env);
        env.put("DR_REPOSITORIES", offsite.toUri().toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = com.dhakacart.dr.cli.DrMain.run(new PrintWriter(out), new PrintWriter(err), env,
                "drill", "--scenario", "new-host", "--json");

        ScratchShop.log("new-host drill:\n" + out);
        assertThat(code).as(out + "\n" + err).isZero();
        JsonNode newHost = Catalogue.JSON.readTree(out.toString()).path("scenarios").get(0);
        assertThat(newHost.path("rtoSeconds").asDouble()).isPositive();
        assertThat(checks(newHost).get("orders")).startsWith("all " + acknowledged.size() + " orders acknowledged before");
        assertThat(checks(newHost)).containsKey("integrity dhakacart_db").containsKey("wal");
        try (Stream<Path> left = Files.list(shop.settings().workDir())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the scratch home is gone")
                    .noneMatch(name -> name.startsWith("drill-new-host"));
        }
    }

    private long orderCount() throws Exception {
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    @Order(6)
    void failsWhenAWalSegmentIsMissingFromTheRepository() throws Exception {
        // Three completed segments after the base backup, all shipped; then the middle one disappears from
        // the repository, with its metadata (as in the ransomware story of issue 8).
        Path repository = shop.home.resolve("backups");
        int before = segments(repository).size();
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                acknowledged.add(placeOrder(c, 100 + i));
                s.execute("SELECT pg_switch_wal()");
            }
        }
        awaitTrue("three more shipped segments", Duration.ofSeconds(60), () -> segments(repository).size() >= before + 3);
        List<String> segments = segments(repository);
        String segment = segments.get(segments.size() - 2);
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.filter(p -> p.toString().contains("/wal/")
                    && p.getFileName().toString().startsWith(segment)).toList()) {
                Files.delete(file);
            }
        }

        ScratchShop.Cli cli = shop.cli("drill", "--json");
        assertThat(cli.code()).as(cli.toString()).isEqualTo(9);
        JsonNode dbLoss = Catalogue.JSON.readTree(cli.out()).path("scenarios").get(0);
        assertThat(dbLoss.path("passed").asBoolean()).isFalse();
        assertThat(dbLoss.path("checks").toString()).contains(segment);
    }

    /** Names of the completed WAL segments stored in the repository, oldest first. */
    private static List<String> segments(Path repository) {
        try (Stream<Path> files = Files.walk(repository)) {
            return files.filter(p -> p.toString().contains("/wal/"))
                    .map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("[0-9A-F]{24}(\\..*)?") && !name.contains("partial"))
                    .map(name -> name.substring(0, 24)).distinct().sorted().toList();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** One order as the API writes it: random text id, priced from the products table, with its item. */
    private static String placeOrder(Connection c, int n) throws Exception {
        String id = "DC" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        long product = 1 + n % 2;
        int quantity = 1 + n % 3;
        c.setAutoCommit(false);
        try (PreparedStatement order = c.prepareStatement("""
                INSERT INTO orders (id, access_token, customer_name, customer_email, customer_phone, delivery_address,
                  total_amount, payment_method)
                SELECT ?, 'token', 'Rahim Uddin', ?, '01712345678', 'Dhanmondi 27, Dhaka', price * ?, 'cod'
                FROM products WHERE id = ?""");
             PreparedStatement item = c.prepareStatement("""
                INSERT INTO order_items (order_id, product_id, product_name, quantity, price)
                SELECT ?, id, name, ?, price FROM products WHERE id = ?""")) {
            order.setString(1, id);
            order.setString(2, "rahim" + n + "@example.com");
            order.setInt(3, quantity);
            order.setLong(4, product);
            order.executeUpdate();
            item.setString(1, id);
            item.setInt(2, quantity);
            item.setLong(3, product);
            item.executeUpdate();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        return id;
    }

    private static Map<String, String> checks(JsonNode scenario) {
        Map<String, String> checks = new HashMap<>();
        scenario.path("checks").forEach(c -> checks.put(c.path("name").asText(), c.path("detail").asText()));
        return checks;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
