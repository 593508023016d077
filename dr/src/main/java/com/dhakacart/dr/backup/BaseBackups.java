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
 * Takes base backups: pg_basebackup's tar (with its manifest and the WAL that makes it consistent) streamed
 * into the vault through {@link ManifestCheck}, descriptor last, only once the check passed.
 */
public final class BaseBackups {

    static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** The cluster's files with the WAL of the copy in pg_wal/ (older backups kept that WAL in a pg_wal.tar). */
    static final String BASE_TAR = "base.tar";
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
        Files.createDirectories(work);
        String baseKey = BaseBackup.PREFIX + id + "/" + BASE_TAR;
        List<String> stored = new ArrayList<>();
        try (WalHold ignored = WalHold.reserve(postgres, id, progress)) {
            progress.accept("pg_basebackup from " + postgres.settings().pgHost() + ":" + postgres.settings().pgPort()
                    + ", checked against its manifest and sealed into " + vault.describe() + " as it arrives");
            // One tar on stdout (-D -), the WAL that makes it consistent inside it (-X fetch) and the manifest as
            // its last member; -c fast: do not wait for the next scheduled checkpoint. Nothing lands on disk but
            // the sealed (compressed) bytes and the few WAL segments of the copy.
            Path errors = work.resolve("pg_basebackup.log");
            Process copy = postgres.client("pg_basebackup", List.of("-D", "-", "-Ft", "-X", "fetch", "-c", "fast",
                    "-l", "dhakacart " + id, "--no-password")).redirectError(errors.toFile()).start();
            ManifestCheck check = new ManifestCheck(work.resolve("pg_wal"));
            StoredFile base;
            try (Heartbeat beat = Heartbeat.every5Seconds(() -> "copying, checking and sealing the cluster: "
                    + mib(check.bytes()) + " so far", progress)) {
                base = vault.store(baseKey, new Tee(copy.getInputStream(), check));
                stored.add(base.key());
                if (!copy.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
                    throw new PostgresFailed("pg_basebackup did not exit 10 minutes after its output ended");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while copying the cluster");
            } finally {
                copy.destroyForcibly();
            }
            if (copy.exitValue() != 0) {
                throw new PostgresFailed("pg_basebackup failed (exit " + copy.exitValue() + "): " + lastLine(errors));
            }
            byte[] manifestBytes = check.finish();
            JsonNode manifest = Catalogue.JSON.readTree(manifestBytes);
            JsonNode range = manifest.path("WAL-Ranges").get(0);
            checkWal(work.resolve("pg_wal"), range);
            Instant finishedAt = Instant.now();
            progress.accept("checked " + check.files() + " files against the backup manifest (sizes, CRC32C) and its WAL "
                    + range.path("Start-LSN").asText() + ".." + range.path("End-LSN").asText() + " with pg_waldump");

            long plainBytes = base.plainSize();
            long storedBytes = base.storedSize();
            List<String> files = new ArrayList<>(List.of(BASE_TAR, ManifestCheck.MANIFEST));
            Files.write(work.resolve(ManifestCheck.MANIFEST), manifestBytes);
            if (postgres.settings().pgPassword() != null) {
                Catalogue.JSON.writeValue(work.resolve(CREDENTIALS).toFile(),
                        new Credentials(postgres.settings().pgUser(), postgres.settings().pgPassword()));
                files.add(CREDENTIALS);
            }
            for (String file : files.subList(1, files.size())) {
                StoredFile sealed = vault.store(BaseBackup.PREFIX + id + "/" + file, work.resolve(file));
                stored.add(sealed.key());
                plainBytes += sealed.plainSize();
                storedBytes += sealed.storedSize();
            }
            BaseBackup backup = new BaseBackup(id, range.path("Timeline").asInt(), range.path("Start-LSN").asText(),
                    range.path("End-LSN").asText(), startedAt, finishedAt, plainBytes, storedBytes, true,
                    server[0], server[1], List.copyOf(files));
            Path descriptor = work.resolve(BaseBackup.DESCRIPTOR);
            Catalogue.JSON.writerWithDefaultPrettyPrinter().writeValue(descriptor.toFile(), backup);
            // The descriptor makes the backup visible: written last, only once every check passed.
            vault.store(backup.key(BaseBackup.DESCRIPTOR), descriptor);
            stored.clear();
            progress.accept("backup " + id + " stored (" + mib(plainBytes) + " -> " + mib(storedBytes) + ")");
            return backup;
        } finally {
            for (String key : stored) {
                try {
                    vault.delete(key); // a backup that failed a check or was cut short leaves nothing behind
                } catch (IOException e) {
                    progress.accept("could not delete " + key + " of the failed backup: " + e.getMessage());
                }
            }
            deleteTree(work);
        }
    }

    /** pg_verifybackup's WAL check: the records from the backup's start to its end parse, on its timeline. */
    private void checkWal(Path walDir, JsonNode range) throws IOException {
        try {
            Postgres.run(postgres.client("pg_waldump", List.of("--quiet", "--path", walDir.toString(),
                    "--timeline", range.path("Timeline").asText(), "--start", range.path("Start-LSN").asText(),
                    "--end", range.path("End-LSN").asText())), Duration.ofMinutes(30));
        } catch (PostgresFailed e) {
            throw new BackupCheckFailed("the backup's WAL does not parse: " + e.getMessage());
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(no message: " + e.getMessage() + ")";
        }
    }

    /** Passes a stream on while every byte read also goes to {@code copy}. */
    private static final class Tee extends java.io.FilterInputStream {
        private final java.io.OutputStream copy;

        Tee(java.io.InputStream in, java.io.OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("a checked stream is read, never skipped");
        }
    }

    /**
     * Unpacks a tar-format backup in {@code backupDir} into {@code checkDir} and runs pg_verifybackup on it
     * (PostgreSQL 15's pg_verifybackup reads only plain directories). Checks every file against the
     * manifest and that the WAL needed for consistency is present and parses.
     */
    public static void verifyUnpacked(Postgres postgres, Path backupDir, Path checkDir) throws IOException {
        Tar.extract(backupDir.resolve(BASE_TAR), checkDir);
        if (Files.exists(backupDir.resolve("pg_wal.tar"))) {
            Tar.extract(backupDir.resolve("pg_wal.tar"), checkDir.resolve("pg_wal")); // a backup of an older version
        }
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
