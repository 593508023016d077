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
    /** The same, as the server compressed it (zstd): what backups of a PostgreSQL 15 or later server hold. */
    static final String BASE_TAR_ZST = "base.tar.zst";
    /**
     * Threads the server compresses a backup with: both cores of the machine this was measured on. A
     * backup is a burst of a few seconds per gigabyte, taken once a day by the agent.
     */
    private static final int SERVER_ZSTD_WORKERS = 2;
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
        List<String> stored = new ArrayList<>();
        try (WalHold ignored = WalHold.reserve(postgres, id, progress)) {
            Copy copy = Integer.parseInt(server[2]) >= 150000 ? copyCompressedByServer(id, work, stored, progress) : null;
            if (copy == null) {
                copy = copyStreamed(id, work, stored, progress);
            }
            byte[] manifestBytes = copy.manifest();
            JsonNode manifest = Catalogue.JSON.readTree(manifestBytes);
            JsonNode range = manifest.path("WAL-Ranges").get(0);
            checkWal(work.resolve("pg_wal"), range);
            Instant finishedAt = Instant.now();
            progress.accept("checked " + copy.files() + " files against the backup manifest (sizes, CRC32C) and its WAL "
                    + range.path("Start-LSN").asText() + ".." + range.path("End-LSN").asText() + " with pg_waldump");

            long plainBytes = copy.tarBytes();
            long storedBytes = copy.sealed().storedSize();
            List<String> files = new ArrayList<>(List.of(copy.file(), ManifestCheck.MANIFEST));
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

    /** The copied cluster: its tar's file name in the backup, the tar as sealed, its size uncompressed, the checked manifest and how many files it lists. */
    private record Copy(String file, StoredFile sealed, long tarBytes, byte[] manifest, int files) {
    }

    /**
     * pg_basebackup with the server compressing (zstd, two threads): a twentieth of the bytes cross the socket,
     * the pipe and our process, and the copy took 1.5 s here where the uncompressed stream took 5.5 s. The
     * compressed tar lands in {@code work} (pg_basebackup puts the manifest beside a compressed tar, never in
     * it, so it cannot go to stdout); then it is sealed as it is, while a second thread decompresses it through
     * {@link ManifestCheck}. Scratch space is the compressed size. Returns null when this server or
     * pg_basebackup cannot compress (built without zstd): the caller streams the copy uncompressed instead.
     */
    private Copy copyCompressedByServer(String id, Path work, List<String> stored, Consumer<String> progress)
            throws IOException {
        Path into = work.resolve("copy");
        Path errors = work.resolve("pg_basebackup.log");
        Path tar = into.resolve(BASE_TAR_ZST);
        progress.accept("pg_basebackup from " + postgres.settings().pgHost() + ":" + postgres.settings().pgPort()
                + ", compressed by the server (zstd), then checked against its manifest and sealed into " + vault.describe());
        // AES-GCM gets compiled while the server copies: sealing the copy waits for it.
        com.dhakacart.dr.crypto.Seal.warmUpInBackground();
        // --no-sync: this copy is read once and deleted; the sealed one is made durable by the vault.
        Process process = postgres.client("pg_basebackup", List.of("-D", into.toString(), "-Ft", "-X", "fetch", "-c", "fast",
                        "--compress=server-zstd:level=1,workers=" + SERVER_ZSTD_WORKERS, "--no-sync",
                        "-l", "dhakacart " + id, "--no-password"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile()).start();
        try (Heartbeat beat = Heartbeat.every5Seconds(() -> "copying the cluster (the server compresses): "
                + mib(sizeOf(tar)) + " compressed so far", progress)) {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while copying the cluster");
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0) {
            String why = lastLine(errors);
            if (why.matches("(?i).*(compress|zstd|worker).*")) {
                progress.accept("the server cannot compress the copy (" + why + "); streaming it uncompressed instead");
                deleteTree(into);
                return null;
            }
            throw new PostgresFailed("pg_basebackup failed (exit " + process.exitValue() + "): " + why);
        }
        try (Stream<Path> written = Files.list(into)) {
            List<String> names = written.map(path -> path.getFileName().toString()).sorted().toList();
            if (!names.equals(List.of("backup_manifest", BASE_TAR_ZST))) {
                throw new BackupCheckFailed("pg_basebackup wrote " + names + "; a cluster with tablespaces is not supported");
            }
        }
        progress.accept("copied: " + mib(Files.size(tar)) + " compressed; checking it against its manifest and sealing it");
        String key = BaseBackup.PREFIX + id + "/" + BASE_TAR_ZST;
        java.util.concurrent.FutureTask<StoredFile> sealing = new java.util.concurrent.FutureTask<>(() -> vault.store(key, tar));
        Thread.ofPlatform().name("backup-seal").start(sealing);
        ManifestCheck check = new ManifestCheck(work.resolve("pg_wal"));
        byte[] manifest = null;
        Exception checkFailed = null;
        try (Heartbeat beat = Heartbeat.every5Seconds(() -> "checking the copy against its manifest: "
                + mib(check.bytes()) + " so far", progress); java.io.InputStream compressed = Files.newInputStream(tar)) {
            try {
                Tar.decompress(compressed, check);
            } catch (IOException | RuntimeException e) {
                throw e instanceof BackupCheckFailed failed ? failed
                        : new BackupCheckFailed("the server's compressed copy does not decompress: " + e.getMessage());
            }
            manifest = check.finish(Files.readAllBytes(into.resolve(ManifestCheck.MANIFEST)));
        } catch (IOException | RuntimeException e) {
            checkFailed = e;
        }
        StoredFile sealed;
        try {
            sealed = sealing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while sealing the copy");
        } catch (java.util.concurrent.ExecutionException e) {
            if (checkFailed != null) {
                throw Pipe.rethrown(checkFailed);
            }
            throw Pipe.rethrown(e.getCause());
        }
        stored.add(sealed.key());
        if (checkFailed != null) {
            throw Pipe.rethrown(checkFailed);
        }
        return new Copy(BASE_TAR_ZST, sealed, check.bytes(), manifest, check.files());
    }

    /**
     * pg_basebackup's uncompressed tar on stdout (-D -), with the manifest as its last member, sealed into the
     * vault as it arrives while {@link ManifestCheck} reads the same bytes: nothing lands on disk but the
     * sealed bytes and the copy's few WAL segments. For a server that cannot compress.
     */
    private Copy copyStreamed(String id, Path work, List<String> stored, Consumer<String> progress) throws IOException {
        progress.accept("pg_basebackup from " + postgres.settings().pgHost() + ":" + postgres.settings().pgPort()
                + ", checked against its manifest and sealed into " + vault.describe() + " as it arrives");
        // -X fetch: the WAL that makes the copy consistent goes inside the tar; -c fast: do not wait for the
        // next scheduled checkpoint.
        Path errors = work.resolve("pg_basebackup.log");
        Process copy = postgres.client("pg_basebackup", List.of("-D", "-", "-Ft", "-X", "fetch", "-c", "fast",
                "-l", "dhakacart " + id, "--no-password")).redirectError(errors.toFile()).start();
        ManifestCheck check = new ManifestCheck(work.resolve("pg_wal"));
        StoredFile base;
        try (Heartbeat beat = Heartbeat.every5Seconds(() -> "copying, checking and sealing the cluster: "
                + mib(check.bytes()) + " so far", progress)) {
            base = vault.store(BaseBackup.PREFIX + id + "/" + BASE_TAR, new Tee(copy.getInputStream(), check));
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
        byte[] manifest = check.finish();
        return new Copy(BASE_TAR, base, base.plainSize(), manifest, check.files());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException notYet) {
            return 0;
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
        Path base = backupDir.resolve(BASE_TAR);
        Tar.extract(Files.exists(base) ? base : backupDir.resolve(BASE_TAR_ZST), checkDir);
        if (Files.exists(backupDir.resolve("pg_wal.tar"))) {
            Tar.extract(backupDir.resolve("pg_wal.tar"), checkDir.resolve("pg_wal")); // a backup of an older version
        }
        Postgres.run(postgres.client("pg_verifybackup", List.of("-m", backupDir.resolve("backup_manifest").toString(),
                checkDir.toString())), Duration.ofHours(2));
    }

    private String[] serverIdentity() {
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT system_identifier::text, current_setting('server_version'), current_setting('server_version_num')"
                             + " FROM pg_control_system()")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
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
