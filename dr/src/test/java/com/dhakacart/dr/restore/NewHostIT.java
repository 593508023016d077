package com.dhakacart.dr.restore;

import com.dhakacart.dr.agent.Agent;
import com.dhakacart.dr.cli.DrMain;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.store.s3.S3ProxyServer;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.vault.Vaults;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.PostgresServer;
import com.dhakacart.testing.SharedServices;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook scenario 2 (the machine or region is lost): a shop whose only off-site copy is an S3
 * repository (S3Proxy), set up like the launcher's (socket directory and password under its home), loses
 * its whole machine while orders are being placed. The test deletes the old home, then on a second, empty
 * DHAKACART_HOME with only the repository URL and the key file runs {@code dr restore --latest}, as an
 * operator would, and finds every order acknowledged before the last off-site snapshot. The DR agent then
 * protects the restored server with the password the restore brought back.
 */
@Tag("scenario")
class NewHostIT {

    private static final String DATABASE = "dhakacart_db";
    private static final String OLD_PASSWORD = "old-machine-secret-7f3a";

    @Test
    void anEmptyHomeWithOnlyTheS3RepositoryAndTheKeyRestoresEveryOrderThatReachedIt() throws Exception {
        Path root = SharedServices.scratchDir("dr-new-host");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path oldHome = directory(root.resolve("old-home"));
        Path newHome = directory(root.resolve("new-home"));
        Path safe = directory(root.resolve("safe-place"));
        S3ProxyServer s3 = S3ProxyServer.start(root.resolve("off-site"));
        S3ProxyServer offsite = s3;
        try {
            String repository = s3.repository("dhakacart-offsite", "shop").toString();
            Map<String, Long> acknowledged = new LinkedHashMap<>();
            int oldPort = LocalProcesses.freePort();
            PostgresServer old = launcherLikeCluster(oldHome, oldPort);
            Map<String, String> oldEnv = env(oldHome, oldPort, repository);
            Files.createDirectories(oldHome.resolve("secrets"));
            Files.writeString(oldHome.resolve("secrets/pg-password"), OLD_PASSWORD);

            DrSettings oldSettings = DrSettings.fromEnvironment(oldEnv);
            Vault oldVault = Repositories.open(oldSettings, oldEnv, true, NewHostIT::log);
            Agent agent = new Agent(new Postgres(oldSettings), oldVault, line -> log("old agent: " + line)).start(0);
            try {
                awaitTrue("the first base backup and synchronous streaming", Duration.ofSeconds(90),
                        () -> agent.lastBackup().isPresent() && agent.replication().synchronous());
                // The operator kept a copy of the key away from the machine, as the first start told them to.
                Files.copy(oldHome.resolve("keys/backup.key"), safe.resolve("backup.key"));
                try (Connection c = connect(oldPort, OLD_PASSWORD)) {
                    long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                    for (int i = 0; System.nanoTime() < until; i++) {
                        String customer = "buyer" + i + "@example.com";
                        insertOrder(c, customer);
                        acknowledged.put(customer, System.currentTimeMillis());
                    }
                }
                // The machine is gone at this instant: nothing more leaves it (the link to the off-site copy
                // goes first, as the agent running in this test process would otherwise keep shipping),
                // the server dies, the spool and everything else under the home with it.
                s3.stop();
                old.kill();
                Long receiver = agent.receiver().pid();
                if (receiver != null) {
                    ProcessHandle.of(receiver).ifPresent(ProcessHandle::destroyForcibly);
                }
                deleteTree(oldHome);
            } finally {
                agent.close();
                oldVault.close();
            }
            assertThat(oldHome).doesNotExist();
            offsite = S3ProxyServer.start(root.resolve("off-site"), s3.port());

            long offsiteAt = newestSnapshotMillis(repository, safe.resolve("backup.key"));
            List<String> reachedOffsite = acknowledged.entrySet().stream().filter(e -> e.getValue() < offsiteAt)
                    .map(Map.Entry::getKey).toList();
            assertThat(reachedOffsite).as("orders acknowledged before the last off-site snapshot").isNotEmpty();

            int newPort = LocalProcesses.freePort();
            Map<String, String> newEnv = env(newHome, newPort, repository);
            newEnv.put("DR_KEY_FILE", safe.resolve("backup.key").toString());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            long restoreStarted = System.nanoTime();
            int code = DrMain.run(new PrintWriter(out), new PrintWriter(err), newEnv, "restore", "--latest");
            double restoreSeconds = (System.nanoTime() - restoreStarted) / 1e9;
            log("restore on the new home: exit " + code + "\n" + out + err);
            assertThat(code).as(out + "\n" + err).isZero();
            PostgresServer restored = PostgresServer.existing(newHome.resolve("pg/data"), newPort);
            try {
                assertThat(newHome.resolve("run/.s.PGSQL." + newPort)).as("the socket lives under the new home").exists();
                Path secret = newHome.resolve("secrets/pg-password");
                assertThat(secret).as("the password the restored cluster accepts, brought back").exists();
                TreeSet<String> customers = customers(newPort, Files.readString(secret).strip());
                assertThat(customers).containsAll(reachedOffsite);

                long lastAck = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                long newestRestored = acknowledged.entrySet().stream().filter(e -> customers.contains(e.getKey()))
                        .mapToLong(Map.Entry::getValue).max().orElse(0);
                long lost = acknowledged.keySet().stream().filter(c -> !customers.contains(c)).count();
                log(String.format("NEW HOST: %d orders acknowledged, %d restored, %d lost with the machine;"
                                + " off-site RPO %.1f s (last acknowledged order to last restored one; snapshot every 5 s);"
                                + " restore %.1f s", acknowledged.size(), customers.size(), lost,
                        (lastAck - newestRestored) / 1000.0, restoreSeconds));

                // What `./dhakacart up` starts next: the agent, reading the password from the new home.
                DrSettings newSettings = DrSettings.fromEnvironment(newEnv);
                assertThat(newSettings.pgPassword()).isEqualTo(OLD_PASSWORD);
                try (Vault newVault = Repositories.open(newSettings, newEnv, false, NewHostIT::log);
                     Agent newAgent = new Agent(new Postgres(newSettings), newVault, line -> log("new agent: " + line))
                             .start(0)) {
                    awaitTrue("synchronous streaming from the restored server", Duration.ofSeconds(60),
                            () -> newAgent.replication().synchronous());
                }
            } finally {
                restored.stop();
            }
        } finally {
            if (offsite != s3) {
                offsite.close();
            }
            s3.close();
        }
    }

    /** A cluster as `./dhakacart up` makes it: socket under the home's run/, password logins over TCP. */
    private static PostgresServer launcherLikeCluster(Path home, int port) throws Exception {
        Path run = directory(home.resolve("run"));
        LocalProcesses.chownToPostgres(run);
        Map<String, String> settings = new HashMap<>(PostgresServer.testSettings());
        settings.put("unix_socket_directories", "'" + run + "'");
        settings.put("wal_keep_size", "'64MB'");
        PostgresServer server = PostgresServer.create(home.resolve("pg/data"), port, settings).start();
        server.execute("postgres", "ALTER ROLE postgres PASSWORD '" + OLD_PASSWORD + "'");
        server.createDatabase(DATABASE);
        server.execute(DATABASE, """
                CREATE TABLE orders (id bigserial PRIMARY KEY, customer text NOT NULL,
                  total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())""");
        Path hba = home.resolve("pg/data/pg_hba.conf");
        List<String> lines = Files.readAllLines(hba).stream()
                .map(line -> line.startsWith("host") ? line.replace("trust", "scram-sha-256") : line).toList();
        Files.write(hba, lines);
        server.execute("postgres", "SELECT pg_reload_conf()");
        return server;
    }

    private static Map<String, String> env(Path home, int port, String repository) {
        Map<String, String> env = new HashMap<>();
        env.put("DHAKACART_HOME", home.toString());
        env.put("DR_PG_HOST", "127.0.0.1");
        env.put("DR_PG_PORT", String.valueOf(port));
        env.put("DR_PG_USER", "postgres");
        env.put("DR_REPOSITORIES", repository);
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        env.put("DR_SYNC_GRACE_SECONDS", "2");
        env.put("DR_METRICS_PORT", "0");
        env.put("DR_REDIS_INTERVAL_MINUTES", "0");
        env.put("DR_DRILL_INTERVAL_HOURS", "0");
        return env;
    }

    /** When the newest unfinished-segment snapshot in the repository was taken (its name carries it). */
    private static long newestSnapshotMillis(String repository, Path keyFile) throws IOException {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        try (Vault vault = Vaults.open(List.of(Vaults.repository(repository)), Keyring.fromFile(keyFile), env)) {
            return vault.list("partial/").stream().map(StoredFile::key)
                    .mapToLong(key -> Long.parseLong(key.substring(key.lastIndexOf('.') + 1))).max().orElse(0);
        }
    }

    private static Connection connect(int port, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", password);
    }

    private static void insertOrder(Connection c, String customer) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (customer, total) VALUES (?, 1250.00)")) {
            insert.setString(1, customer);
            insert.executeUpdate();
        }
    }

    private static TreeSet<String> customers(int port, String password) throws SQLException {
        TreeSet<String> customers = new TreeSet<>();
        try (Connection c = connect(port, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT customer FROM orders")) {
            while (rs.next()) {
                customers.add(rs.getString(1));
            }
        }
        return customers;
    }

    private static Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static void deleteTree(Path root) throws IOException {
        for (int attempt = 0; Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException stillBeingWritten) {
                if (attempt > 20) {
                    throw stillBeingWritten;
                }
                LocalProcesses.sleep(Duration.ofMillis(100));
            }
        }
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " " + line);
    }
}
