package com.dhakacart.storefront.browser;

import com.dhakacart.storefront.StorefrontApplication;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.SharedServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole shop on loopback for a browser test: the real API jar as its own process on a fresh
 * database of the shared PostgreSQL, the shared Redis, and the storefront in this JVM. Closing it
 * stops everything it started.
 */
final class RealShop implements AutoCloseable {

    private static final Path API_JAR = Path.of(System.getProperty("dhakacart.api.jar",
            "../api/target/dhakacart-api-exec.jar"));

    private final String jdbcUrl;
    private final Process api;
    private final int apiPort;
    private final ConfigurableApplicationContext storefront;

    private RealShop(String jdbcUrl, Process api, int apiPort, ConfigurableApplicationContext storefront) {
        this.jdbcUrl = jdbcUrl;
        this.api = api;
        this.apiPort = apiPort;
        this.storefront = storefront;
    }

    static RealShop start(Class<?> testClass) throws IOException, InterruptedException {
        return start(testClass, Map.of());
    }

    /** As {@link #start(Class)}, with extra environment for the API process (e.g. its CORS origins). */
    static RealShop start(Class<?> testClass, Map<String, String> apiEnvironment)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(API_JAR)) {
            throw new IllegalStateException(API_JAR.toAbsolutePath().normalize() + " is missing: build it first with "
                    + "`mvn -B -pl api package -DskipTests` (the full build's package phase does it)");
        }
        String jdbcUrl = SharedServices.freshDatabase(testClass);
        String redisUrl = SharedServices.redis().url();
        int apiPort = LocalProcesses.freePort();
        Path log = Path.of("target", "api-" + apiPort + ".log");
        Files.createDirectories(log.getParent());
        // The same java that runs the tests, so the API runs on a JDK we know.
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", API_JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "DATABASE_URL", jdbcUrl,
                "DATABASE_USER", "postgres",
                "REDIS_URL", redisUrl,
                "API_PORT", String.valueOf(apiPort)));
        builder.environment().putAll(apiEnvironment);
        Process api = builder.start();
        ConfigurableApplicationContext storefront = null;
        try {
            awaitReady(api, apiPort, log);
            // As command-line arguments: they outrank application.properties (builder properties do not).
            storefront = new SpringApplicationBuilder(StorefrontApplication.class).run(
                    "--server.port=0",
                    "--dhakacart.api.base-url=http://127.0.0.1:" + apiPort,
                    "--spring.data.redis.url=" + redisUrl);
            return new RealShop(jdbcUrl, api, apiPort, storefront);
        } catch (RuntimeException | Error e) {
            if (storefront != null) {
                storefront.close();
            }
            stop(api);
            throw e;
        }
    }

    /**
     * {@code staff add} from the API jar, the command the runbook gives for the first owner, against this
     * shop's database; its one-time password (the last line it prints).
     */
    String addStaffFromCommandLine(String email, String name, String role) throws IOException, InterruptedException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaCommand, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar",
                API_JAR.toString(), "staff", "add", "--email", email, "--name", name, "--role", role)
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("DATABASE_URL", jdbcUrl, "DATABASE_USER", "postgres"));
        Process command = builder.start();
        String output = new String(command.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!command.waitFor(60, TimeUnit.SECONDS) || command.exitValue() != 0) {
            throw new IllegalStateException("staff add failed: " + output);
        }
        List<String> lines = output.strip().lines().toList();
        return lines.getLast().strip();
    }

    /** A bean of the storefront running in this JVM. */
    <T> T storefrontBean(String name, Class<T> type) {
        return storefront.getBean(name, type);
    }

    String storefrontUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) storefront).getWebServer().getPort();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** The storefront's sessions in the shared Redis, by key. */
    java.util.Set<String> sessionKeys() {
        java.util.Set<String> keys = storefront.getBean(org.springframework.data.redis.core.StringRedisTemplate.class)
                .keys("dhakacart:storefront:session:*");
        return keys == null ? java.util.Set.of() : keys;
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    /**
     * The shop's database refuses every connection and drops the ones it has, as in an outage: the API
     * loses it, the shared PostgreSQL (and every other test's database) stays up.
     */
    void takeDatabaseAway() throws SQLException {
        try (Connection db = maintenance(); java.sql.Statement sql = db.createStatement()) {
            sql.execute("ALTER DATABASE \"" + databaseName() + "\" ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + databaseName() + "'");
        }
    }

    void bringDatabaseBack() throws SQLException {
        try (Connection db = maintenance(); java.sql.Statement sql = db.createStatement()) {
            sql.execute("ALTER DATABASE \"" + databaseName() + "\" ALLOW_CONNECTIONS true");
        }
    }

    /** The server's own database: ALTER DATABASE cannot lock out the database it runs in. */
    private Connection maintenance() throws SQLException {
        return DriverManager.getConnection(jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + "postgres",
                "postgres", "");
    }

    private String databaseName() {
        String path = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    @Override
    public void close() {
        try {
            storefront.close();
        } finally {
            stop(api);
        }
    }

    private static void awaitReady(Process api, int port, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!api.isAlive()) {
                throw new IllegalStateException("the API exited with " + api.exitValue() + "; its log:\n"
                        + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    // A cold JVM's first catalog answer can outlast the storefront's 5 s timeout on a busy
                    // machine: pay it here, not in the shopper's first page.
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/products"))
                            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding());
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the API was not ready within 90 s; its log:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
