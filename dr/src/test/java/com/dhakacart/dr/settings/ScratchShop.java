package com.dhakacart.dr.settings;

import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.PostgresServer;
import com.dhakacart.testing.SharedServices;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A throwaway shop for disaster tests: its own PostgreSQL cluster (which the test may destroy) with the
 * shop's database and an orders table, a DHAKACART_HOME with a local repository and key, and the
 * environment the DR tool reads.
 */
public final class ScratchShop implements AutoCloseable {

    public static final String DATABASE = "dhakacart_db";

    public final Path home;
    public final PostgresServer postgres;
    public final Map<String, String> env = new HashMap<>();

    public ScratchShop(String name) {
        this(name, false);
    }

    /**
     * {@code shopSchema}: the shop's real schema, from the API's Flyway migrations (read by path: the DR tool
     * must not depend on the api module), instead of the one-table stand-in most disaster tests need.
     */
    public ScratchShop(String name, boolean shopSchema) {
        home = SharedServices.scratchDir(name);
        try {
            // The cluster runs as the postgres user, which must be able to walk into our scratch home.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = LocalProcesses.freePort();
        Map<String, String> settings = new HashMap<>(PostgresServer.testSettings());
        settings.put("wal_keep_size", "'64MB'");
        postgres = PostgresServer.create(home.resolve("pg/data"), port, settings).start();
        postgres.createDatabase(DATABASE);
        if (shopSchema) {
            ShopMigrations.apply(postgres, DATABASE);
        } else {
            postgres.execute(DATABASE, """
                    CREATE TABLE orders (id bigserial PRIMARY KEY, customer text NOT NULL,
                      total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())""");
        }
        env.put("DHAKACART_HOME", home.toString());
        env.put("DR_PG_HOST", "127.0.0.1");
        env.put("DR_PG_PORT", String.valueOf(port));
        env.put("DR_PG_USER", "postgres");
        env.put("DR_SYNC_GRACE_SECONDS", "2");
        env.put("DR_METRICS_PORT", "0");
        // Tests run drills and Redis backups themselves, when they mean to.
        env.put("DR_REDIS_INTERVAL_MINUTES", "0");
        env.put("DR_DRILL_INTERVAL_HOURS", "0");
    }

    public DrSettings settings() {
        return DrSettings.fromEnvironment(env);
    }

    public Postgres dr() {
        return new Postgres(settings());
    }

    public Path dataDir() {
        return postgres.dataDir();
    }

    public long insertOrder(Connection connection, String customer) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders (customer, total) VALUES (?, 1250.00) RETURNING id")) {
            insert.setString(1, customer);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Order ids present in the database at {@code port}. */
    public TreeSet<Long> orderIds(int port) throws SQLException {
        TreeSet<Long> ids = new TreeSet<>();
        try (Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM orders")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Runs the CLI in-process with this shop's environment. */
    public Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = com.dhakacart.dr.cli.DrMain.run(new PrintWriter(out), new PrintWriter(err), env, args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** What a CLI run printed and returned. */
    public record Cli(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static void log(String line) {
        System.out.println(Instant.now() + " " + line);
    }

    @Override
    public void close() {
        postgres.stop();
    }
}
