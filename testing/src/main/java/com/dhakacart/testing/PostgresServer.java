package com.dhakacart.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL cluster in a directory of our own, on a loopback port, run as the postgres user.
 * Tests that destroy a database (the disaster scenarios) start one of these; others share one.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    private final Path dataDir;
    private final int port;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Creates a new cluster (initdb) in {@code dataDir}, which must not exist yet or be empty. */
    public static PostgresServer create(Path dataDir, int port, Map<String, String> settings) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalProcesses.chownToPostgres(dataDir);
        LocalProcesses.run(LocalProcesses.asPostgresUser(List.of(
                        bin("initdb"), "-D", dataDir.toString(), "-U", SUPERUSER, "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")),
                Duration.ofMinutes(2));
        PostgresServer server = new PostgresServer(dataDir, port);
        server.appendSettings(settings);
        return server;
    }

    /** A cluster whose data directory already exists (a restored one, say). */
    public static PostgresServer existing(Path dataDir, int port) {
        return new PostgresServer(dataDir, port);
    }

    /** Settings for a throwaway test cluster: fast, loopback only, ready for replication tools. */
    public static Map<String, String> testSettings() {
        return Map.of(
                "listen_addresses", "'127.0.0.1'",
                "unix_socket_directories", "''",
                "max_connections", "200",
                "shared_buffers", "128MB",
                "wal_level", "replica",
                "max_wal_senders", "10",
                "max_replication_slots", "10",
                "log_min_messages", "warning");
    }

    public void appendSettings(Map<String, String> settings) {
        StringBuilder conf = new StringBuilder("\n# dhakacart test harness\n");
        settings.forEach((key, value) -> conf.append(key).append(" = ").append(value).append('\n'));
        try {
            Files.writeString(dataDir.resolve("postgresql.auto.conf"), conf,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PostgresServer start() {
        LocalProcesses.chownToPostgres(dataDir);
        List<String> command = new ArrayList<>(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-w", "-t", "120",
                "-o", "-p " + port, "-l", dataDir.resolve("server.log").toString(), "start"));
        LocalProcesses.run(LocalProcesses.asPostgresUser(command), Duration.ofMinutes(3));
        awaitConnectable(Duration.ofMinutes(2));
        return this;
    }

    /** A clean, fast shutdown. Safe to call when the server is already gone. */
    public void stop() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        try {
            LocalProcesses.run(LocalProcesses.asPostgresUser(List.of(bin("pg_ctl"), "-D", dataDir.toString(),
                    "-m", "fast", "-w", "stop")), Duration.ofMinutes(1));
        } catch (IllegalStateException alreadyStopped) {
            // pg_ctl fails when the postmaster died already; that is the state we wanted.
        }
    }

    /** Kills the postmaster with SIGKILL, as a crash or an OOM kill would. */
    public void kill() {
        Long pid = pid();
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(process -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.onExit().join();
            });
        }
    }

    public Long pid() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return null;
            }
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE \"" + name + "\"");
    }

    public void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitConnectable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                LocalProcesses.sleep(Duration.ofMillis(100));
            }
        }
        throw new IllegalStateException("PostgreSQL on port " + port + " did not accept connections", last);
    }

    /** Path of a PostgreSQL server program; PG_BIN overrides the Debian location. */
    public static String bin(String program) {
        String dir = System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin");
        return Path.of(dir, program).toString();
    }
}
