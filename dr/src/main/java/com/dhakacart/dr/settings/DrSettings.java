package com.dhakacart.dr.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything the DR tool needs to know about its surroundings, read once from the environment so that
 * {@code ./dhakacart up} works with no configuration and everything stays overridable (12-factor).
 */
public record DrSettings(
        Path home,
        String pgHost,
        int pgPort,
        String pgUser,
        String pgPassword,
        Path pgData,
        Path pgBin,
        String pgOsUser,
        List<URI> repositories,
        Path keyFile,
        String key,
        Path spool,
        String redisUrl,
        int metricsPort,
        InetAddress metricsAddress,
        String slot,
        boolean synchronous,
        Duration syncGrace,
        Duration backupInterval,
        int keepFull,
        Duration redisInterval,
        Duration drillInterval) {

    /** Name under which the WAL receiver connects; it is also the synchronous standby's name. */
    public String applicationName() {
        return slot;
    }

    /** Scratch space for backups being built and WAL being staged; never inside the repository. */
    public Path workDir() {
        return home.resolve("dr").resolve("work");
    }

    /** Where the agent and drills leave their small state files (last drill result). */
    public Path stateDir() {
        return home.resolve("dr");
    }

    public Path logDir() {
        return home.resolve("logs");
    }

    public static DrSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** Reads the DR_* variables (documented in docs/dr.md and in {@code --help}); unknown ones are ignored. */
    public static DrSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("DHAKACART_HOME", "var")).toAbsolutePath().normalize();
        String password = blankToNull(env.get("DR_PG_PASSWORD"));
        String passwordFile = blankToNull(env.get("DR_PG_PASSWORD_FILE"));
        if (password == null && passwordFile == null && Files.isRegularFile(home.resolve("secrets/pg-password"))) {
            passwordFile = home.resolve("secrets/pg-password").toString();
        }
        if (password == null && passwordFile != null) {
            password = readSecret(Path.of(passwordFile));
        }
        String repositories = env.getOrDefault("DR_REPOSITORIES", home.resolve("backups").toUri().toString());
        return new DrSettings(
                home,
                env.getOrDefault("DR_PG_HOST", "127.0.0.1"),
                integer(env, "DR_PG_PORT", Integer.parseInt(env.getOrDefault("PG_PORT", "5432"))),
                env.getOrDefault("DR_PG_USER", "postgres"),
                password,
                Path.of(env.getOrDefault("DR_PGDATA", home.resolve("pg/data").toString())).toAbsolutePath(),
                Path.of(env.getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin")),
                env.getOrDefault("DR_PG_OS_USER", "postgres"),
                Arrays.stream(repositories.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(DrSettings::repositoryUri)
                        .toList(),
                Path.of(env.getOrDefault("DR_KEY_FILE", home.resolve("keys/backup.key").toString())).toAbsolutePath(),
                blankToNull(env.get("DR_KEY")),
                Path.of(env.getOrDefault("DR_SPOOL", home.resolve("dr/spool").toString())).toAbsolutePath(),
                env.getOrDefault("REDIS_URL", "redis://127.0.0.1:" + env.getOrDefault("REDIS_PORT", "6379")),
                integer(env, "DR_METRICS_PORT", 9464),
                address(env, "DR_METRICS_ADDRESS"),
                env.getOrDefault("DR_SLOT", "dhakacart_dr"),
                !"off".equalsIgnoreCase(env.getOrDefault("DR_SYNCHRONOUS", "on")),
                Duration.ofMillis((long) (Double.parseDouble(env.getOrDefault("DR_SYNC_GRACE_SECONDS", "3")) * 1000)),
                Duration.ofMinutes((long) (Double.parseDouble(env.getOrDefault("DR_BACKUP_INTERVAL_HOURS", "24")) * 60)),
                integer(env, "DR_KEEP_FULL", 7),
                Duration.ofMinutes((long) (Double.parseDouble(env.getOrDefault("DR_REDIS_INTERVAL_MINUTES", "15")))),
                Duration.ofMinutes((long) (Double.parseDouble(env.getOrDefault("DR_DRILL_INTERVAL_HOURS", "168")) * 60)));
    }

    /**
     * A copy pointing at a server this process starts itself (a restore's or a drill's instance), on
     * loopback whatever DR_PG_HOST says: in a container the live database is another host ("db"), but
     * the restored one runs right here.
     */
    public DrSettings localServer(int port) {
        return new DrSettings(home, "127.0.0.1", port, pgUser, pgPassword, pgData, pgBin, pgOsUser, repositories,
                keyFile, key, spool, redisUrl, metricsPort, metricsAddress, slot, synchronous, syncGrace, backupInterval, keepFull,
                redisInterval, drillInterval);
    }

    /**
     * What a new machine knows after the old one is lost: this key and {@code repositories}, an empty
     * {@code newHome} (its own data directory, spool and secrets; no password yet), PostgreSQL on
     * {@code port} of loopback. The drill's new-host rehearsal restores with it.
     */
    public DrSettings onNewHost(Path newHome, List<URI> repositories, int port) {
        return new DrSettings(newHome, "127.0.0.1", port, pgUser, null, newHome.resolve("pg/data"), pgBin, pgOsUser,
                List.copyOf(repositories), keyFile, key, newHome.resolve("dr/spool"), redisUrl, metricsPort,
                metricsAddress, slot, synchronous, syncGrace, backupInterval, keepFull, redisInterval, drillInterval);
    }

    /** A copy pointing at another port of the same PostgreSQL host. */
    public DrSettings withPgPort(int port) {
        return new DrSettings(home, pgHost, port, pgUser, pgPassword, pgData, pgBin, pgOsUser, repositories,
                keyFile, key, spool, redisUrl, metricsPort, metricsAddress, slot, synchronous, syncGrace, backupInterval, keepFull,
                redisInterval, drillInterval);
    }

    /** A copy with another password for {@code pgUser} (the one a restored cluster carries from its backup). */
    public DrSettings withPgPassword(String password) {
        return new DrSettings(home, pgHost, pgPort, pgUser, password, pgData, pgBin, pgOsUser, repositories,
                keyFile, key, spool, redisUrl, metricsPort, metricsAddress, slot, synchronous, syncGrace, backupInterval, keepFull,
                redisInterval, drillInterval);
    }

    /** Where the launcher keeps the PostgreSQL password of {@code pgUser} ({@code secrets/pg-password}). */
    public Path passwordFile() {
        return home.resolve("secrets").resolve("pg-password");
    }

    public DrSettings withSynchronous(boolean on) {
        return new DrSettings(home, pgHost, pgPort, pgUser, pgPassword, pgData, pgBin, pgOsUser, repositories,
                keyFile, key, spool, redisUrl, metricsPort, metricsAddress, slot, on, syncGrace, backupInterval, keepFull,
                redisInterval, drillInterval);
    }

    /** Accepts {@code file:///x}, {@code s3://...} and, for convenience, a bare absolute path. */
    private static URI repositoryUri(String text) {
        if (text.startsWith("/")) {
            return Path.of(text).toUri();
        }
        return URI.create(text);
    }

    /**
     * An IP literal to bind to; unset means loopback, so a laptop's agent is not reachable from the network.
     * Images set 0.0.0.0: probes and scrapes arrive from the container or pod network, not from loopback.
     */
    private static InetAddress address(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return InetAddress.getLoopbackAddress();
        }
        String literal = value.trim();
        // A host name would mean a DNS lookup at start and a bind to whatever it resolves to that day.
        if (!literal.matches("[0-9.]+|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*]?")) {
            throw new IllegalArgumentException(name + " must be an IP address such as 127.0.0.1 or 0.0.0.0, got '" + value + "'");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(name + " must be an IP address such as 127.0.0.1 or 0.0.0.0, got '" + value + "'");
        }
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static String readSecret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DR_PG_PASSWORD_FILE " + file, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
