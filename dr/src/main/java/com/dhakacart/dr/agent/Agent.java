package com.dhakacart.dr.agent;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.drill.DrillResult;
import com.dhakacart.dr.drill.RestoreDrill;
import com.dhakacart.dr.redis.RedisBackups;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.retention.Retention;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.wal.WalReceiver;
import com.dhakacart.dr.wal.WalShipper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The long-running protector started by {@code ./dhakacart up}: streams WAL with pg_receivewal (restarting
 * it when it dies), ships completed segments and snapshots of the unfinished one into the vault, keeps
 * commits synchronous while the receiver streams, takes a base backup at start when none exists (or
 * the server is on a new timeline) and then every {@code DR_BACKUP_INTERVAL_HOURS}, applies retention,
 * and serves Prometheus metrics.
 */
public final class Agent implements AutoCloseable {

    static final Duration PARTIAL_SNAPSHOT_EVERY = Duration.ofSeconds(5);
    static final Duration FAILED_DRILL_RETRY = Duration.ofHours(1);

    private final Postgres postgres;
    private final Vault vault;
    private final Consumer<String> log;
    private final WalReceiver receiver;
    private final WalShipper shipper;
    private final SyncSupervisor supervisor;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3, daemon("dr-agent"));
    private final ExecutorService backups = Executors.newSingleThreadExecutor(daemon("dr-backup"));
    private final AtomicBoolean backupRunning = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private MetricsServer metrics;
    private volatile Instant lastBackup;
    private volatile String lastReceiverProblem;
    private volatile long lastPartialSnapshot;
    private volatile boolean forceBackup;
    private volatile int streamedTimeline;
    private volatile String lastRedisProblem;
    private volatile long offsiteLagSeconds = -1;
    private List<BackupStore> offsite = List.of();
    static final int REDIS_KEEP = 96;

    public Agent(Postgres postgres, Vault vault, Consumer<String> log) {
        this.postgres = postgres;
        this.vault = vault;
        this.log = log;
        this.receiver = new WalReceiver(postgres);
        this.shipper = new WalShipper(vault, postgres.settings().spool());
        this.supervisor = new SyncSupervisor(postgres, log);
    }

    /** Starts everything; with {@code metricsPort} 0 no metrics server is started (tests). */
    public Agent start(int metricsPort) throws IOException {
        log.accept("INFO DR agent: protecting PostgreSQL " + postgres.settings().pgHost() + ":"
                + postgres.settings().pgPort() + " into " + vault.describe() + " (synchronous "
                + (postgres.settings().synchronous() ? "on" : "off") + ")");
        try {
            Catalogue.read(vault, postgres.settings().workDir()).latest().ifPresent(b -> lastBackup = b.finishedAt());
        } catch (IOException e) {
            log.accept("WARN cannot read the repository yet: " + e.getMessage());
        }
        receiver.stopOrphan();
        if (metricsPort > 0) {
            metrics = new MetricsServer(postgres.settings().metricsAddress(), metricsPort, this::metrics).start();
            log.accept("INFO metrics on http://" + postgres.settings().metricsAddress().getHostAddress() + ":"
                    + metricsPort + "/metrics");
        }
        superviseReceiver();
        scheduler.scheduleWithFixedDelay(guard(this::superviseReceiver), 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(guard(supervisor::tick), 0, 250, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard(this::ship), 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(guard(this::scheduleBackupIfDue), 0, 30, TimeUnit.SECONDS);
        offsite = OffsiteWal.stores(postgres.settings().repositories(), System.getenv());
        if (!offsite.isEmpty()) {
            scheduler.scheduleWithFixedDelay(guard(() -> offsiteLagSeconds = OffsiteWal.lagSeconds(offsite,
                    postgres.settings().spool())), 10, 30, TimeUnit.SECONDS);
        }
        if (!postgres.settings().redisInterval().isZero()) {
            long every = postgres.settings().redisInterval().toSeconds();
            scheduler.scheduleWithFixedDelay(() -> backups.submit(this::redisBackup), 5, every, TimeUnit.SECONDS);
        }
        return this;
    }

    public ReplicationState replication() {
        return supervisor.state();
    }

    public Optional<Instant> lastBackup() {
        return Optional.ofNullable(lastBackup);
    }

    public WalReceiver receiver() {
        return receiver;
    }

    /** Takes a base backup now (on the backup thread) and waits for it. */
    public BaseBackup backupNow() throws Exception {
        return backups.submit(this::backup).get();
    }

    /** The metrics in Prometheus text format, names as in the shop contract. */
    public String metrics() {
        ReplicationState state = supervisor.state();
        Optional<DrillResult> drill = DrillResult.last(postgres.settings().stateDir());
        StringBuilder text = new StringBuilder();
        gauge(text, "dhakacart_dr_last_backup_timestamp_seconds", "End of the newest base backup (Unix time).",
                lastBackup == null ? 0 : lastBackup.getEpochSecond());
        gauge(text, "dhakacart_dr_wal_lag_bytes", "WAL the server wrote that the receiver has not flushed.",
                Math.max(0, state.lagBytes()));
        gauge(text, "dhakacart_dr_wal_lag_seconds", "How far behind the receiver is, in seconds.",
                state.lagSeconds());
        gauge(text, "dhakacart_dr_offsite_wal_lag_seconds",
                "How far the newest WAL in the off-site (S3) repository trails the receiver (-1: no off-site repository).",
                offsiteLagSeconds);
        gauge(text, "dhakacart_dr_synchronous", "1 when commits wait for the WAL receiver (zero data loss).",
                state.synchronous() ? 1 : 0);
        gauge(text, "dhakacart_dr_last_drill_success", "1 when the last restore drill passed.",
                drill.map(d -> d.success() ? 1 : 0).orElse(0));
        gauge(text, "dhakacart_dr_last_drill_rto_seconds", "Restore time measured by the last drill.",
                drill.map(DrillResult::rtoSeconds).orElse(0.0));
        gauge(text, "dhakacart_dr_last_drill_rpo_orders", "Orders missing after the last drill (-1: not compared).",
                drill.map(DrillResult::rpoOrders).orElse(-1L));
        return text.toString();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        backups.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Async first: once the receiver is gone nothing may wait for it.
        supervisor.resetToAsync();
        receiver.stop();
        try {
            shipper.shipCompleted();
            shipper.snapshotPartial();
        } catch (IOException e) {
            log.accept("WARN could not ship the last WAL on the way out: " + e.getMessage());
        }
        if (metrics != null) {
            metrics.stop();
        }
        for (BackupStore store : offsite) {
            try {
                store.close();
            } catch (Exception e) {
                log.accept("WARN " + e.getMessage());
            }
        }
        log.accept("INFO DR agent stopped");
    }

    private void superviseReceiver() throws IOException {
        if (receiver.isRunning()) {
            return;
        }
        try {
            int timeline = receiver.serverTimeline();
            shipper.shipCompleted();
            shipper.retireOtherTimelines(timeline);
            if (receiver.dropSlotIfLost()) {
                log.accept("ALERT the replication slot was invalidated while no receiver ran (max_slot_wal_keep_size):"
                        + " the WAL archive has a gap; re-creating the slot and taking a new base backup");
                forceBackup = true;
            }
            receiver.ensureSlot();
            receiver.start();
            lastReceiverProblem = null;
            if (streamedTimeline != 0 && timeline != streamedTimeline) {
                // The server was restored (new timeline): a fresh base backup now, not at the next check,
                // so the next restore does not have to replay the old timeline's history.
                scheduler.execute(guard(this::scheduleBackupIfDue));
            }
            streamedTimeline = timeline;
            log.accept("INFO WAL receiver started (pg_receivewal pid " + receiver.pid() + ", timeline " + timeline + ")");
        } catch (RuntimeException | IOException e) {
            String problem = e.getMessage();
            if (!problem.equals(lastReceiverProblem)) {
                log.accept("WARN WAL receiver cannot start, retrying every second: " + problem);
                lastReceiverProblem = problem;
            }
        }
    }

    private void ship() throws IOException {
        shipper.shipCompleted();
        if (System.currentTimeMillis() - lastPartialSnapshot >= PARTIAL_SNAPSHOT_EVERY.toMillis()) {
            lastPartialSnapshot = System.currentTimeMillis();
            shipper.snapshotPartial();
        }
    }

    private void scheduleBackupIfDue() throws IOException {
        if (backupRunning.get()) {
            return;
        }
        Optional<BaseBackup> latest = Catalogue.read(vault, postgres.settings().workDir()).latest();
        int timeline = receiver.serverTimeline();
        String reason = null;
        if (forceBackup) {
            reason = "the WAL archive has a gap";
            forceBackup = false;
        } else if (latest.isEmpty()) {
            reason = "no base backup exists yet";
        } else if (latest.get().timeline() < timeline) {
            reason = "the server is on a new timeline (" + timeline + ") since the last backup";
        } else if (latest.get().finishedAt().plus(postgres.settings().backupInterval()).isBefore(Instant.now())) {
            reason = "the last backup is older than " + postgres.settings().backupInterval().toHours() + " h";
        }
        if (reason == null) {
            scheduleDrillIfDue();
            return;
        }
        log.accept("INFO taking a base backup: " + reason);
        backups.submit(() -> {
            try {
                backup();
            } catch (Exception e) {
                log.accept("ALERT base backup failed: " + e.getMessage());
            }
            return null;
        });
    }

    /** A restore drill every DR_DRILL_INTERVAL_HOURS (0 = never), so the drill metrics stay fresh. */
    private void scheduleDrillIfDue() {
        Duration interval = postgres.settings().drillInterval();
        if (interval.isZero() || lastBackup == null) {
            return;
        }
        Optional<DrillResult> last = DrillResult.last(postgres.settings().stateDir());
        // A failed drill is tried again within the hour (the first one may run before the shop has created
        // its tables): the alert then clears as soon as the cause is gone, not a week later.
        Duration wait = last.isPresent() && !last.get().success() && interval.compareTo(FAILED_DRILL_RETRY) > 0
                ? FAILED_DRILL_RETRY : interval;
        if (last.isPresent() && last.get().at().plus(wait).isAfter(Instant.now())) {
            return;
        }
        // Claimed before submitting: otherwise the next pass of the loop, before this task starts, queues
        // a second drill (seen on a loaded machine: failed drills back to back).
        if (!backupRunning.compareAndSet(false, true)) {
            return;
        }
        backups.submit(() -> {
            try {
                log.accept("INFO restore drill: restoring the latest state into a scratch instance");
                DrillResult result = new RestoreDrill(postgres, vault).run(message -> { });
                log.accept((result.success() ? "INFO" : "ALERT") + " restore drill " + (result.success()
                        ? "passed in " + result.rtoSeconds() + " s" : "FAILED: " + result.problem()));
            } catch (Exception e) {
                log.accept("ALERT restore drill could not run: " + e.getMessage());
            } finally {
                backupRunning.set(false);
            }
            return null;
        });
    }

    /** Redis holds carts and sessions: a snapshot every DR_REDIS_INTERVAL_MINUTES, the newest 96 kept. */
    private Void redisBackup() {
        try {
            RedisBackups redis = new RedisBackups(vault);
            redis.backup(postgres.settings().redisUrl());
            List<StoredFile> all = redis.list();
            for (int i = 0; i < all.size() - REDIS_KEEP; i++) {
                vault.delete(all.get(i).key());
            }
            lastRedisProblem = null;
        } catch (Exception e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastRedisProblem)) {
                log.accept("WARN Redis backup failed (retrying on schedule): " + problem);
                lastRedisProblem = problem;
            }
        }
        return null;
    }

    private BaseBackup backup() throws IOException {
        backupRunning.set(true);
        try {
            BaseBackup backup = new BaseBackups(postgres, vault).take(message -> log.accept("INFO backup: " + message));
            lastBackup = backup.finishedAt();
            Retention.apply(vault, Catalogue.read(vault, postgres.settings().workDir()), postgres.settings().keepFull(),
                    message -> log.accept("INFO " + message));
            return backup;
        } finally {
            backupRunning.set(false);
        }
    }

    private Runnable guard(ThrowingTask task) {
        return () -> {
            try {
                task.run();
            } catch (Exception e) {
                if (!closed.get()) {
                    log.accept("WARN " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        };
    }

    private static void gauge(StringBuilder text, String name, String help, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" gauge\n");
        text.append(name).append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.3f", value)).append('\n');
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @FunctionalInterface
    private interface ThrowingTask {
        void run() throws Exception;
    }
}
