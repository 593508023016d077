package com.dhakacart.dr.backup;

import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.settings.PostgresFailed;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Takes base backups: pg_basebackup (tar format, with its manifest and the WAL that makes it
 * consistent), checked with pg_verifybackup before it is sealed into the vault, descriptor last.
 */
public final class BaseBackups {

    static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final List<String> FILES = List.of("base.tar", "pg_wal.tar", "backup_manifest");
    /**
     * The DR user's name and password, sealed with the backup: the restored cluster only accepts that
     * password, and on a new machine nothing else remembers it (the old secrets/ went with the old machine).
     */
    public static final String CREDENTIALS = "credentials.json";

    /** What {@link #CREDENTIALS} holds. */
    public record Credentials(String user, String password) {
    }

    private final Postgres postgres;
    private final Vault vault;

    public BaseBackups(Postgres postgres, Vault vault) {
        this.postgres = postgres;
        this.vault = vault;
    }

    public BaseBackup take(Consumer<String> progress) throws IOException {
        Instant startedAt = Instant.now();
        String id = ID.format(startedAt);
        String[] server = serverIdentity();
        Path work = postgres.settings().workDir().resolve("backup-" + id);
        deleteTree(work);
        Files.createDirectories(work.getParent());
        try {
            progress.accept("pg_basebackup from " + postgres.settings().pgHost() + ":" + postgres.settings().pgPort());
            // -c fast: do not wait for the next scheduled checkpoint; -X stream: the WAL written during
            // the copy comes with it, so the backup is restorable on its own.
            try (Heartbeat ignored = Heartbeat.every5Seconds("copying the cluster", progress)) {
                Postgres.run(postgres.client("pg_basebackup", List.of("-D", work.toString(), "-Ft", "-X", "stream",
                        "-c", "fast", "-l", "dhakacart " + id, "--no-password")), Duration.ofHours(6));
            }
            Instant finishedAt = Instant.now();
            JsonNode manifest = Catalogue.JSON.readTree(work.resolve("backup_manifest").toFile());
            JsonNode range = manifest.path("WAL-Ranges").get(0);
            List<String> files = new ArrayList<>(FILES);
            if (postgres.settings().pgPassword() != null) {
                Catalogue.JSON.writeValue(work.resolve(CREDENTIALS).toFile(),
                        new Credentials(postgres.settings().pgUser(), postgres.settings().pgPassword()));
                files.add(CREDENTIALS);
            }
            long plainBytes = 0;
            for (String file : files) {
                plainBytes += Files.size(work.resolve(file));
            }
            // Check and seal at the same time (both mostly wait on the disk or one core each); the
            // descriptor, which makes the backup visible, is written only once the check passed.
            progress.accept("pg_verifybackup " + mib(plainBytes) + ", sealing into " + vault.describe() + " meanwhile");
            java.util.concurrent.CompletableFuture<Void> check = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    verifyUnpacked(postgres, work, work.resolve("check"));
                    deleteTree(work.resolve("check"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long storedBytes = 0;
            List<String> stored = new ArrayList<>();
            try (Heartbeat ignored = Heartbeat.every5Seconds("verifying and sealing", progress)) {
                for (String file : files) {
                    StoredFile sealed = vault.store(BaseBackup.PREFIX + id + "/" + file, work.resolve(file));
                    stored.add(sealed.key());
                    storedBytes += sealed.storedSize();
                }
                check.join();
            } catch (RuntimeException | IOException e) {
                check.handle((ok, failed) -> null).join();
                for (String key : stored) {
                    vault.delete(key);
                }
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof java.io.UncheckedIOException io) {
                    throw io.getCause();
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw (IOException) cause;
            }
            progress.accept("pg_verifybackup passed");
            BaseBackup backup = new BaseBackup(id, range.path("Timeline").asInt(), range.path("Start-LSN").asText(),
                    range.path("End-LSN").asText(), startedAt, finishedAt, plainBytes, storedBytes, true,
                    server[0], server[1], List.copyOf(files));
            Path descriptor = work.resolve(BaseBackup.DESCRIPTOR);
            Catalogue.JSON.writerWithDefaultPrettyPrinter().writeValue(descriptor.toFile(), backup);
            vault.store(backup.key(BaseBackup.DESCRIPTOR), descriptor);
            progress.accept("backup " + id + " stored (" + mib(plainBytes) + " -> " + mib(storedBytes) + ")");
            return backup;
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Unpacks a tar-format backup in {@code backupDir} into {@code checkDir} and runs pg_verifybackup on it
     * (PostgreSQL 15's pg_verifybackup reads only plain directories). Checks every file against the
     * manifest and that the WAL needed for consistency is present and parses.
     */
    public static void verifyUnpacked(Postgres postgres, Path backupDir, Path checkDir) throws IOException {
        Tar.extract(backupDir.resolve("base.tar"), checkDir);
        Tar.extract(backupDir.resolve("pg_wal.tar"), checkDir.resolve("pg_wal"));
        Postgres.run(postgres.client("pg_verifybackup", List.of("-m", backupDir.resolve("backup_manifest").toString(),
                checkDir.toString())), Duration.ofHours(2));
    }

    private String[] serverIdentity() {
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT system_identifier::text, current_setting('server_version') FROM pg_control_system()")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        } catch (SQLException e) {
            throw new PostgresFailed("cannot connect to PostgreSQL at " + postgres.settings().pgHost() + ":"
                    + postgres.settings().pgPort() + ": " + e.getMessage(), e);
        }
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
