package com.dhakacart.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one PostgreSQL and one Redis a test run shares. {@code ./dhakacart test} starts them once (the only
 * set-up of that pair: {@code test_services_start} in {@code scripts/lib.sh}) and
 * passes {@code DHAKACART_TEST_PG_PORT} and {@code DHAKACART_TEST_REDIS_PORT}; a test started from an
 * IDE without those gets its own pair, started on first use and stopped when the JVM exits.
 */
public final class SharedServices {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer postgres;
    private static RedisServer redis;

    private SharedServices() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            String port = System.getenv("DHAKACART_TEST_PG_PORT");
            if (port != null && !port.isBlank()) {
                postgres = PostgresServer.existing(null, Integer.parseInt(port));
            } else {
                Path dir = scratchDir("shared-pg");
                java.util.Map<String, String> settings = new java.util.HashMap<>(PostgresServer.testSettings());
                settings.put("fsync", "off"); // shared test data is disposable; speed matters more
                PostgresServer started = PostgresServer
                        .create(dir, LocalProcesses.freePort(), settings)
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
                postgres = started;
            }
        }
        return postgres;
    }

    public static synchronized RedisServer redis() {
        if (redis == null) {
            String port = System.getenv("DHAKACART_TEST_REDIS_PORT");
            if (port != null && !port.isBlank()) {
                redis = new RedisServer(null, Integer.parseInt(port));
            } else {
                RedisServer started = new RedisServer(scratchDir("shared-redis"), LocalProcesses.freePort()).start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
                redis = started;
            }
        }
        return redis;
    }

    /**
     * A new, empty database on the shared server, named after the test class, so test classes never
     * see each other's rows.
     */
    public static String freshDatabase(Class<?> testClass) {
        String name = (testClass.getSimpleName() + "_" + ProcessHandle.current().pid() + "_"
                + DATABASES.incrementAndGet()).toLowerCase(Locale.ROOT);
        postgres().createDatabase(name);
        return postgres().jdbcUrl(name);
    }

    /** A directory under the build's target folder (or the temp dir) for servers and scratch data. */
    public static Path scratchDir(String name) {
        try {
            Path base = Path.of(System.getProperty("dhakacart.scratch", "target/scratch"));
            Files.createDirectories(base);
            // World-traversable: servers run as the postgres user must reach directories a root test made.
            return Files.createTempDirectory(base.toAbsolutePath(), name + "-",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
