package com.dhakacart.dr.restore;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.backup.DeltaUnpacker;
import com.dhakacart.dr.backup.Heartbeat;
import com.dhakacart.dr.backup.Tar;
import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.settings.PostgresFailed;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Restores a PostgreSQL cluster from the vault: picks the base backup, fetches and verifies every file
 * it needs (base backup and WAL, in parallel) into a staging area before touching the target, unpacks,
 * configures recovery (restore_command from the staging area, optional recovery_target_time, promote),
 * starts PostgreSQL and waits until it is promoted and accepts writes.
 */
public final class Restorer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** PostgreSQL's timestamptz input form, to the microsecond it stores commit times with. */
    private static final DateTimeFormatter RECOVERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'")
            .withZone(ZoneOffset.UTC);

    private final Postgres postgres;
    private final Vault vault;

    public Restorer(Postgres postgres, Vault vault) {
        this.postgres = postgres;
        this.vault = vault;
    }

    public RestoreResult restore(RestoreRequest request, Consumer<String> progress) throws IOException {
        long started = System.nanoTime();
        Path target = request.targetDir().toAbsolutePath().normalize();
        // --delta rewrites the target in place: a non-empty one is what it is for.
        TargetValidation.check(target, request.force() || request.delta());
        progress.accept("reading the catalogue of " + vault.describe());
        Catalogue catalogue = Catalogue.read(vault, postgres.settings().workDir());
        catalogue.audits().forEach(audit -> progress.accept("checked " + audit.repository() + " against its index"
                + (audit.indexNumber() == 0 ? " (empty repository)" : " number " + audit.indexNumber() + " (written "
                + audit.indexWrittenAt() + ", " + audit.files() + " files): nothing missing, replaced or rolled back")));
        BaseBackup backup = request.toLsn() != null ? BackupSelection.choose(catalogue, request.toLsn())
                : BackupSelection.choose(catalogue, request.toTime(), request.backupId());
        progress.accept("restoring base backup " + backup.id() + " (taken " + backup.finishedAt() + ", "
                + String.format("%.1f MiB", backup.plainBytes() / 1048576.0) + ")"
                + request.describeTarget());

        Path staging = postgres.settings().workDir().resolve("restore-" + STAMP.format(Instant.now()) + "-" + ProcessHandle.current().pid() + "-" + (System.nanoTime() % 100000));
        BaseBackups.deleteTree(staging);
        Files.createDirectories(staging);
        boolean handedOver = false;
        Optional<Path> unpacked = Optional.empty();
        try {
            Path baseDir = staging.resolve("base");
            Path walDir = staging.resolve("wal");
            Files.createDirectories(baseDir);
            unpacked = freshDirectoryBeside(target);
            DeltaUnpacker delta = null;
            if (request.delta()) {
                if (!Files.isRegularFile(target.resolve("PG_VERSION"))) {
                    progress.accept("--delta: " + target + " holds no data directory to compare with; restoring in full");
                } else if (backup.files().contains("pg_wal.tar") || unpacked.isEmpty()) {
                    progress.accept("--delta: " + (unpacked.isEmpty() ? "no directory can be made beside " + target
                            : "backup " + backup.id() + " is in an older format") + "; restoring in full, the old contents moved aside");
                } else {
                    delta = new DeltaUnpacker(target, unpacked.get());
                }
            }
            WalStaging.Staged wal;
            if (delta != null) {
                // Compared with the target as it streams, which stays untouched until every check passed.
                DeltaUnpacker comparing = delta;
                wal = besideWal(() -> compareBackupFiles(backup, baseDir, comparing, progress),
                        () -> stageWal(request, catalogue, backup, walDir, progress));
            } else if (unpacked.isPresent()) {
                // The archives are unpacked as they are opened and checked (each segment's tag before its
                // bytes are released, the SHA-256 at the end) into a fresh directory beside the target,
                // while the WAL is fetched: the target is replaced only once all of it passed.
                Path into = unpacked.get();
                wal = besideWal(() -> openBackupFiles(backup, baseDir, into, progress),
                        () -> stageWal(request, catalogue, backup, walDir, progress));
            } else {
                for (String file : backup.files()) {
                    progress.accept("fetching and verifying " + backup.key(file));
                    try (Heartbeat ignored = Heartbeat.every5Seconds("fetching " + file, progress)) {
                        vault.fetch(backup.key(file), baseDir.resolve(file));
                    }
                }
                wal = stageWal(request, catalogue, backup, walDir, progress);
            }
            long fetchMillis = (System.nanoTime() - started) / 1_000_000;
            if (wal.firstMissingSegment() != null) {
                String gap = "the archived WAL has a gap: segment " + wal.firstMissingSegment()
                        + " is in no repository and not in the spool, so PostgreSQL could replay only up to it";
                if (!request.acceptGap()) {
                    throw new WalGap(gap + "; nothing was changed. Restore from a repository that holds it, or"
                            + " rerun with --accept-gap to restore up to the gap and lose the commits after it");
                }
                progress.accept("WARNING " + gap + "; restoring up to it (--accept-gap): later commits are lost");
            }

            postgres.chownToServerUser(staging);
            // restore_command runs as the server's user: if it cannot read the staged WAL, recovery would
            // quietly stop at the end of the base backup and lose everything after it. Refuse instead.
            try {
                Postgres.run(postgres.asServerUser(List.of("test", "-r", walDir.toString(), "-a", "-x", walDir.toString())),
                        Duration.ofSeconds(30));
            } catch (PostgresFailed e) {
                throw new RestoreRefused("the " + postgres.settings().pgOsUser() + " user cannot read " + walDir
                        + "; make " + postgres.settings().home() + " and its parents traversable (chmod o+x)");
            }

            // Everything is here and verified; only now is the target touched.
            if (delta != null) {
                TargetValidation.check(target, true); // still no server running in it
                try (DeltaUnpacker applying = delta) {
                    progress.accept("delta restore into " + target + ": " + applying.apply());
                }
                BaseBackups.deleteTree(unpacked.get());
            } else if (TargetValidation.check(target, request.force() || request.delta())) {
                Path aside = target.resolveSibling(target.getFileName() + ".before-restore-" + STAMP.format(Instant.now()));
                Files.move(target, aside);
                progress.accept("moved the old contents of " + target + " aside to " + aside);
            }
            if (delta != null) {
                // restored in place above
            } else if (unpacked.isPresent()) {
                Files.deleteIfExists(target); // empty by now: moved aside, or empty to begin with
                Files.move(unpacked.get(), target, StandardCopyOption.ATOMIC_MOVE);
                progress.accept("moved the verified, unpacked backup into " + target);
            } else {
                Files.createDirectories(target);
                progress.accept("unpacking into " + target);
                try (Heartbeat ignored = Heartbeat.every5Seconds("unpacking", progress)) {
                    for (String file : backup.files()) {
                        if (Tar.isTar(file) && !file.equals("pg_wal.tar")) {
                            Tar.extract(baseDir.resolve(file), target); // base.tar, or base.tar.zst
                        }
                    }
                    if (backup.files().contains("pg_wal.tar")) { // a backup of an older version: its WAL apart
                        Tar.extract(baseDir.resolve("pg_wal.tar"), target.resolve("pg_wal"));
                    }
                }
            }
            Optional<BaseBackups.Credentials> credentials = credentials(backup, baseDir);
            BaseBackups.deleteTree(baseDir);
            configureRecovery(target, walDir, request, progress);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwx------"));
            postgres.chownToServerUser(target);
            postgres.chownToServerUser(staging);
            handedOver = true;

            long replayStarted = System.nanoTime();
            Postgres at = new Postgres(serverSettings(credentials, request.port(), progress));
            String[] end;
            try {
                long logFrom = logSize();
                start(at, target, progress);
                end = awaitPromotion(at, target, logFrom, progress);
            } catch (TargetAfterLastCommit e) {
                if (request.toTime() == null) {
                    throw new RestoreRefused("the archived WAL ends before the target LSN " + request.toLsn() + " ("
                            + e.getMessage() + "): choose an earlier one (dr timeline shows what the WAL holds)");
                }
                // Nothing was committed at or after the target time (an idle shop, or "now"): the state at
                // that time is the last commit, which is what replaying to the end gives.
                progress.accept("no commit at or after " + request.toTime() + " in the WAL (" + e.getMessage()
                        + "): the state at that time is the last commit; replaying to the end");
                dropRecoveryTarget(target);
                long logFrom = logSize();
                start(at, target, progress);
                end = awaitPromotion(at, target, logFrom, progress);
            }
            long replayMillis = (System.nanoTime() - replayStarted) / 1_000_000;
            cleanUpRecoverySettings(at, target);
            keepPassword(at, progress);
            if (request.stopAfter()) {
                stop(at, target);
                progress.accept("stopped the restored server cleanly (--stop)");
            }
            long total = (System.nanoTime() - started) / 1_000_000;
            progress.accept("restored: PostgreSQL on port " + request.port() + " accepts writes on timeline "
                    + end[1] + " (" + total / 1000.0 + " s)");
            return new RestoreResult(backup.id(), target, request.port(), request.toTime(), wal.files(),
                    wal.partial(), fetchMillis, replayMillis, total, end[0], Integer.parseInt(end[1]), wal.firstMissingSegment());
        } finally {
            if (!handedOver || Files.exists(staging)) {
                BaseBackups.deleteTree(staging);
            }
            if (unpacked.isPresent() && Files.exists(unpacked.get())) {
                BaseBackups.deleteTree(unpacked.get()); // a restore that failed before the swap leaves nothing
            }
        }
    }

    private WalStaging.Staged stageWal(RestoreRequest request, Catalogue catalogue, BaseBackup backup, Path walDir,
                                       Consumer<String> progress) throws IOException {
        // A backup's own state needs only the WAL inside it (its pg_wal/), plus the timeline history.
        return request.backupId() != null
                ? WalStaging.stageHistory(vault, catalogue, walDir)
                : WalStaging.stage(vault, catalogue, backup, postgres.settings().spool(), walDir, progress);
    }

    /**
     * A new directory beside the target, on the same file system so that it can be renamed into place;
     * empty when the target is a mount point (a container volume) or its parent is not writable: then the
     * backup files are fetched whole and unpacked into the target after verification, as before.
     */
    private static Optional<Path> freshDirectoryBeside(Path target) {
        Path parent = target.getParent();
        if (parent == null) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(parent);
            if (Files.exists(target) && !Files.getFileStore(target).equals(Files.getFileStore(parent))) {
                return Optional.empty();
            }
            Path fresh = parent.resolve("." + target.getFileName() + ".restoring-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime());
            Files.createDirectory(fresh);
            return Optional.of(fresh);
        } catch (IOException | UnsupportedOperationException cannot) {
            return Optional.empty();
        }
    }

    /** Streams base.tar (and an older backup's pg_wal.tar) through the checks into {@code into}; the small files go to {@code baseDir}. */
    private void openBackupFiles(BaseBackup backup, Path baseDir, Path into, Consumer<String> progress) throws IOException {
        for (String file : backup.files()) {
            String key = backup.key(file);
            Path unpackInto = !Tar.isTar(file) ? null : file.equals("pg_wal.tar") ? into.resolve("pg_wal") : into;
            if (unpackInto == null) {
                vault.fetch(key, baseDir.resolve(file));
                continue;
            }
            progress.accept("fetching, verifying and unpacking " + key);
            try (Heartbeat ignored = Heartbeat.every5Seconds("unpacking " + file, progress)) {
                Tar.extract(out -> vault.read(key, out), unpackInto, Tar.isCompressed(file));
            }
        }
    }

    /** Streams base.tar(.zst) through {@code delta}, comparing it with the target; the small files go to {@code baseDir}. */
    private void compareBackupFiles(BaseBackup backup, Path baseDir, DeltaUnpacker delta, Consumer<String> progress)
            throws IOException {
        for (String file : backup.files()) {
            String key = backup.key(file);
            if (!Tar.isTar(file)) {
                vault.fetch(key, baseDir.resolve(file));
                continue;
            }
            progress.accept("fetching, verifying and comparing " + key + " with the data directory (--delta)");
            try (Heartbeat ignored = Heartbeat.every5Seconds("comparing " + file, progress)) {
                Tar.compare(out -> vault.read(key, out), delta, Tar.isCompressed(file));
            } catch (IOException | RuntimeException e) {
                delta.close();
                throw e;
            }
        }
    }

    /** Work on the backup's files that throws what it throws. */
    private interface ArchiveWork {
        void run() throws IOException;
    }

    /** Staging the WAL, which returns what it staged. */
    private interface WalWork {
        WalStaging.Staged run() throws IOException;
    }

    /** Runs {@code archives} on a thread of its own while this one stages the WAL; both must succeed. */
    private static WalStaging.Staged besideWal(ArchiveWork archives, WalWork wal) throws IOException {
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            archives.run();
            return null;
        });
        Thread.ofPlatform().name("restore-unpack").start(task);
        try {
            return wal.run();
        } finally {
            awaitArchives(task);
        }
    }

    private static void awaitArchives(java.util.concurrent.FutureTask<Void> archives) throws IOException {
        try {
            archives.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while unpacking the base backup");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * The password the restored cluster accepts for our user is the one it had when the backup was taken.
     * When none is configured here (a new machine: the old secrets/ is gone), use the one sealed with the
     * backup.
     */
    private DrSettings serverSettings(Optional<BaseBackups.Credentials> credentials, int port, Consumer<String> progress) {
        // The restored server runs here, whatever host the live one is (in Compose: the lost "db").
        DrSettings settings = postgres.settings().localServer(port);
        if (settings.pgPassword() == null && credentials.isPresent() && credentials.get().user().equals(settings.pgUser())) {
            progress.accept("no password configured for " + settings.pgUser() + "; using the one sealed with the backup");
            return settings.withPgPassword(credentials.get().password());
        }
        return settings;
    }

    private static Optional<BaseBackups.Credentials> credentials(BaseBackup backup, Path baseDir) throws IOException {
        if (!backup.files().contains(BaseBackups.CREDENTIALS)) {
            return Optional.empty();
        }
        return Optional.of(Catalogue.JSON.readValue(baseDir.resolve(BaseBackups.CREDENTIALS).toFile(),
                BaseBackups.Credentials.class));
    }

    /**
     * Writes the password the restored server accepts to {@code secrets/pg-password} when that file does not
     * exist, so that {@code ./dhakacart up} and the DR agent on this machine can log in (nothing else here
     * knows it). An existing file is left alone.
     */
    private void keepPassword(Postgres at, Consumer<String> progress) throws IOException {
        Path file = postgres.settings().passwordFile();
        if (postgres.settings().pgPassword() != null || at.settings().pgPassword() == null || Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(file, at.settings().pgPassword(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        progress.accept("wrote the restored cluster's password for " + at.settings().pgUser() + " to " + file);
    }

    /**
     * The backup's configuration names the socket directory of the machine it came from; on a new machine
     * that directory does not exist and the server would not start ("could not create lock file"). Then
     * the socket goes to {@code $DHAKACART_HOME/run}, where the launcher looks for it, and the setting
     * stays (it is not a recovery setting).
     */
    private void relocateSocketDirectory(Path target, StringBuilder conf, Consumer<String> progress) throws IOException {
        String configured = null;
        for (String name : List.of("postgresql.conf", "dhakacart.conf", "postgresql.auto.conf")) {
            Path file = target.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String stripped = line.strip();
                if (isKey(stripped, "unix_socket_directories")) {
                    configured = stripped.substring(stripped.indexOf('=') + 1).replaceAll("#.*", "").strip()
                            .replaceAll("^'|'$", "");
                }
            }
        }
        if (configured == null || configured.isBlank()) {
            return; // PostgreSQL's default, or no socket at all: nothing from the old machine
        }
        Path home = postgres.settings().home().toAbsolutePath().normalize();
        Path here = home.resolve("run");
        // Into this home (not beside it, e.g. /tmp/before): the launcher looks for the socket in this
        // home's run/, so another home's run/ (the old shop, still on this machine) will not do either.
        boolean intoThisHome = target.toAbsolutePath().normalize().startsWith(home);
        List<String> missing = java.util.Arrays.stream(configured.split(",")).map(String::strip)
                .filter(dir -> !dir.isEmpty() && (!Files.isDirectory(Path.of(dir))
                        || intoThisHome && Path.of(dir).getFileName() != null
                        && Path.of(dir).getFileName().toString().equals("run") && !Path.of(dir).equals(here)))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        Files.createDirectories(here);
        Files.setPosixFilePermissions(here, PosixFilePermissions.fromString("rwx------"));
        postgres.chownToServerUser(here);
        conf.append("unix_socket_directories = '").append(here).append("'\n");
        progress.accept("the backup's socket directory " + String.join(", ", missing) + " is not this home's"
                + " (missing here, or another DHAKACART_HOME's); the restored server uses " + here);
    }

    private void configureRecovery(Path target, Path walDir, RestoreRequest request, Consumer<String> progress)
            throws IOException {
        StringBuilder kept = new StringBuilder();
        relocateSocketDirectory(target, kept, progress);
        StringBuilder conf = new StringBuilder("\n# dhakacart dr restore, " + Instant.now() + "\n");
        conf.append("restore_command = 'cp \"").append(walDir).append("/%f\" \"%p\"'\n");
        // One syncfs() instead of an fsync per file when the server starts: the unpacked files are made
        // durable all the same, and a 1 GB data directory starts seconds sooner.
        conf.append("recovery_init_sync_method = 'syncfs'\n");
        if (!target.equals(postgres.settings().pgData().toAbsolutePath().normalize())) {
            // A new instance beside the old one keeps its own port when restarted later; in place, the
            // launcher's configuration keeps deciding the port.
            conf.append("port = ").append(request.port()).append('\n');
        }
        if (request.toTime() != null) {
            conf.append("recovery_target_time = '").append(RECOVERY_TIME.format(request.toTime())).append("'\n");
            conf.append("recovery_target_action = 'promote'\n");
        }
        if (request.toLsn() != null) {
            conf.append("recovery_target_lsn = '").append(request.toLsn()).append("'\n");
            conf.append("recovery_target_inclusive = ").append(request.inclusive()).append('\n');
            conf.append("recovery_target_action = 'promote'\n");
        }
        if (request.backupId() != null) {
            conf.append("recovery_target = 'immediate'\n");
            conf.append("recovery_target_action = 'promote'\n");
        }
        // The backup may have been taken while commits were synchronous: the restored server must not wait
        // for a receiver until the agent has one streaming again, so that setting goes (and with it any
        // recovery settings an earlier restore left behind).
        Path auto = target.resolve("postgresql.auto.conf");
        List<String> before = Files.exists(auto)
                ? Files.readAllLines(auto, StandardCharsets.UTF_8).stream()
                    .filter(line -> !isKey(line, "synchronous_standby_names") && !isOurs(line)
                            && (kept.isEmpty() || !isKey(line, "unix_socket_directories"))).toList()
                : List.of();
        Files.writeString(auto, String.join("\n", before) + "\n" + kept + conf, StandardCharsets.UTF_8);
        Files.writeString(target.resolve("recovery.signal"), "");
        Files.deleteIfExists(target.resolve("postmaster.pid"));
    }

    private void start(Postgres at, Path target, Consumer<String> progress) throws IOException {
        Path log = restoreLog();
        Files.createDirectories(log.getParent());
        if (!Files.exists(log)) {
            Files.createFile(log);
        }
        postgres.chownToServerUser(log);
        progress.accept("starting PostgreSQL on port " + at.settings().pgPort() + " to replay WAL (log: " + log + ")");
        long logFrom = logSize();
        try {
            Postgres.run(at.server("pg_ctl", List.of("-D", target.toString(), "-l", log.toString(), "-w",
                    "-t", "3600", "-o", "-p " + at.settings().pgPort(), "start")), Duration.ofHours(2));
        } catch (PostgresFailed e) {
            if (stoppedDuringRecovery(logFrom, e) instanceof TargetAfterLastCommit early) {
                throw early;
            }
            throw new PostgresFailed("the restored server did not start: " + lastLines(log), e);
        }
    }

    /** Polls until recovery has ended and the server was promoted; returns its end LSN and timeline. */
    private String[] awaitPromotion(Postgres at, Path target, long logFrom, Consumer<String> progress) throws IOException {
        long lastReport = 0;
        long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = at.connect("postgres"); Statement statement = connection.createStatement()) {
                try (ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        try (ResultSet now = statement.executeQuery(
                                "SELECT pg_current_wal_lsn()::text, ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int")) {
                            now.next();
                            return new String[] {now.getString(1), String.valueOf(now.getInt(2))};
                        }
                    }
                    if (System.nanoTime() - lastReport > 2_000_000_000L) {
                        progress.accept("replaying WAL, at " + rs.getString(2));
                        lastReport = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                last = e;
                if (!running(target)) {
                    // Recovery failed and the server shut down: say why now, not after the 2-hour deadline.
                    throw stoppedDuringRecovery(logFrom, null);
                }
            }
            sleep(100);
        }
        throw new PostgresFailed("the restored server was not promoted within 2 hours"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /** Why the restored server stopped, from its log since {@code logFrom}. */
    private IOException stoppedDuringRecovery(long logFrom, Exception cause) {
        List<String> log = logSince(logFrom);
        if (log.stream().anyMatch(l -> l.contains("recovery ended before configured recovery target was reached"))) {
            return new TargetAfterLastCommit(log.stream().filter(l -> l.contains("last completed transaction was at log time"))
                    .map(l -> "last commit at " + l.substring(l.indexOf("log time ") + 9)).findFirst()
                    .orElse("no commit replayed"));
        }
        PostgresFailed failed = new PostgresFailed("the restored server stopped during recovery: "
                + String.join(" | ", log.subList(Math.max(0, log.size() - 3), log.size())), cause);
        return new IOException(failed.getMessage(), failed);
    }

    /** Recovery reached the end of the WAL before the target: nothing was committed at or after it. */
    private static final class TargetAfterLastCommit extends IOException {
        TargetAfterLastCommit(String lastCommit) {
            super(lastCommit);
        }
    }

    /** Whether a postmaster still runs in {@code target} (its pid file names a live process). */
    private static boolean running(Path target) {
        try {
            List<String> pid = Files.readAllLines(target.resolve("postmaster.pid"));
            return !pid.isEmpty() && ProcessHandle.of(Long.parseLong(pid.get(0).trim())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException gone) {
            return false;
        }
    }

    /** Replays to the end of the WAL: the recovery target goes, recovery.signal stays. */
    private static void dropRecoveryTarget(Path target) throws IOException {
        Path auto = target.resolve("postgresql.auto.conf");
        List<String> lines = Files.readAllLines(auto, StandardCharsets.UTF_8).stream()
                .filter(line -> !isKey(line, "recovery_target_time") && !isKey(line, "recovery_target_action")).toList();
        Files.writeString(auto, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.writeString(target.resolve("recovery.signal"), "");
        Files.deleteIfExists(target.resolve("postmaster.pid"));
    }

    private Path restoreLog() {
        return postgres.settings().logDir().resolve("postgres-restore.log");
    }

    private long logSize() {
        try {
            return Files.exists(restoreLog()) ? Files.size(restoreLog()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The restore log's lines written since {@code from} bytes (this start's, not an earlier restore's). */
    private List<String> logSince(long from) {
        try {
            byte[] bytes = Files.readAllBytes(restoreLog());
            int start = (int) Math.min(from, bytes.length);
            return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(see " + restoreLog() + ")");
        }
    }

    /**
     * Takes our recovery settings out of postgresql.auto.conf again, by editing the file rather than by
     * ALTER SYSTEM, which a least-privilege DR role may not run for these parameters. They only matter
     * during recovery, so a reload (when permitted) is enough.
     */
    private void cleanUpRecoverySettings(Postgres at, Path target) throws IOException {
        Path auto = target.resolve("postgresql.auto.conf");
        List<String> kept = Files.readAllLines(auto, StandardCharsets.UTF_8).stream()
                .filter(line -> !isOurs(line)).toList();
        Path tmp = target.resolve("postgresql.auto.conf.dhakacart-tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        postgres.chownToServerUser(tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, auto, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (Connection connection = at.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException notPermitted) {
            // the settings left are inert outside recovery; the next restart or reload reads the clean file
        }
    }

    private static boolean isOurs(String line) {
        return line.startsWith("# dhakacart dr restore")
                || List.of("restore_command", "recovery_init_sync_method", "recovery_target_time",
                "recovery_target", "recovery_target_action", "recovery_target_lsn", "recovery_target_inclusive")
                .stream().anyMatch(key -> isKey(line, key));
    }

    private static boolean isKey(String line, String key) {
        int equals = line.indexOf('=');
        return equals > 0 && line.substring(0, equals).strip().equals(key);
    }

    private void stop(Postgres at, Path target) {
        Postgres.run(at.server("pg_ctl", List.of("-D", target.toString(), "-m", "fast", "-w", "stop")),
                Duration.ofMinutes(10));
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(see " + log + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresFailed("interrupted while waiting for recovery", e);
        }
    }
}
