package com.dhakacart.dr.drill;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.restore.RestoreRequest;
import com.dhakacart.dr.restore.RestoreResult;
import com.dhakacart.dr.restore.Restorer;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.vault.Vaults;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runbook scenario 2, the machine or its region is lost, rehearsed: restore the latest state from the
 * off-site repositories alone (every configured repository that does not live under this machine's
 * {@code DHAKACART_HOME}) and the key, into an empty scratch home with its own data directory, spool and
 * secrets, as {@code dr restore --latest} does on a new machine. Then the same integrity checks as the
 * database-loss drill, and every order acknowledged before the newest off-site snapshot of the unfinished
 * WAL segment must be in the copy with its total. Orders after that snapshot are what a lost machine
 * would lose (the off-site RPO): reported, not failed.
 */
final class NewHost implements Scenario {

    static final String NAME = "new-host";
    /** An order's created_at is its transaction's start; its commit (what a snapshot must hold) comes a little later. */
    private static final Duration COMMIT_MARGIN = Duration.ofSeconds(2);

    private final Postgres live;
    private final Map<String, String> env;

    NewHost(Postgres live, Map<String, String> env) {
        this.live = live;
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Repositories a lost machine does not take with it: not a directory under its home. */
    static List<URI> offsite(DrSettings settings) {
        Path home = settings.home().toAbsolutePath().normalize();
        return settings.repositories().stream()
                .filter(uri -> !"file".equals(uri.getScheme()) || !Path.of(uri).toAbsolutePath().normalize().startsWith(home))
                .toList();
    }

    @Override
    public ScenarioResult rehearse(Consumer<String> progress) {
        List<Check> checks = new ArrayList<>();
        List<URI> offsite = offsite(live.settings());
        if (offsite.isEmpty()) {
            checks.add(Check.failed("off-site", "no repository outside " + live.settings().home() + " in DR_REPOSITORIES:"
                    + " a new machine would have nothing to restore from; add an s3:// repository"));
            return ScenarioResult.of(NAME, null, -1, null, null, checks);
        }
        Map<String, OrderBook.Placed> acknowledged = null;
        String unreadable = null;
        try {
            acknowledged = OrderBook.readPlaced(live);
        } catch (SQLException e) {
            unreadable = "could not read the live orders (" + OrderBook.DATABASE + ".orders): " + DatabaseLoss.oneLine(e);
        }
        Instant started = Instant.now();
        Path scratchHome = live.settings().workDir().resolve("drill-new-host-" + System.currentTimeMillis());
        Double rto = null;
        long rpo = -1;
        String backupId = null;
        Long bytes = null;
        Postgres restored = null;
        DrSettings fresh = null;
        try {
            int port = DatabaseLoss.freePort();
            fresh = live.settings().onNewHost(scratchHome, offsite, port);
            Files.createDirectories(scratchHome);
            try (Vault vault = Vaults.open(offsite, Repositories.keyring(live.settings(), false, progress), env,
                    Optional.of(fresh.stateDir()))) {
                Optional<Instant> snapshot = newestSnapshot(vault);
                progress.accept("restoring from " + vault.describe() + " alone into an empty home " + scratchHome
                        + " (port " + port + ")");
                RestoreResult restore = new Restorer(new Postgres(fresh), vault).restore(
                        new RestoreRequest(fresh.pgData(), port, null, false, false), progress);
                restored = new Postgres(fresh.withPgPassword(password(fresh)));
                backupId = restore.backupId();
                rto = restore.totalMillis() / 1000.0;
                checks.add(Check.passed("restore", "base backup " + restore.backupId() + " and " + restore.walFiles()
                        + " WAL files restored from the off-site repositories alone in " + rto + " s"));
                checks.add(restore.walGapAt() == null
                        ? Check.passed("wal", "continuous from the base backup to " + restore.endLsn())
                        : Check.failed("wal", "the off-site WAL has a hole at " + restore.walGapAt()));
                progress.accept("running integrity queries on the scratch instance (port " + port + ")");
                bytes = DatabaseLoss.IntegrityChecks.run(restored, live.settings().pgUser(), checks);
                if (unreadable != null) {
                    checks.add(Check.failed("orders", unreadable));
                } else {
                    Map<String, BigDecimal> copy = OrderBook.read(restored);
                    Instant covered = snapshot.orElse(Instant.EPOCH).minus(COMMIT_MARGIN);
                    List<String> lost = new ArrayList<>();
                    int owed = 0;
                    for (Map.Entry<String, OrderBook.Placed> order : acknowledged.entrySet()) {
                        BigDecimal there = copy.get(order.getKey());
                        boolean intact = there != null && there.compareTo(order.getValue().total()) == 0;
                        if (order.getValue().createdAt().isBefore(covered)) {
                            owed++;
                            if (!intact) {
                                lost.add(order.getKey());
                            }
                        }
                    }
                    rpo = acknowledged.entrySet().stream().filter(o -> {
                        BigDecimal there = copy.get(o.getKey());
                        return there == null || there.compareTo(o.getValue().total()) != 0;
                    }).count();
                    String lag = snapshot.map(at -> "; the newest off-site snapshot was taken "
                            + Duration.between(at, started).toMillis() / 1000.0 + " s before the drill").orElse("");
                    if (owed == 0 && !acknowledged.isEmpty()) {
                        checks.add(Check.failed("orders", "no off-site snapshot of the WAL is newer than any of the "
                                + acknowledged.size() + " acknowledged orders: nothing shows they left the machine" + lag));
                    } else if (lost.isEmpty()) {
                        checks.add(Check.passed("orders", "all " + owed + " orders acknowledged before the newest off-site"
                                + " snapshot restored with their totals; " + rpo + " newer ones would be lost with the"
                                + " machine" + lag));
                    } else {
                        checks.add(Check.failed("orders", lost.size() + " of " + owed + " orders acknowledged before the"
                                + " newest off-site snapshot are missing or changed (e.g. "
                                + String.join(", ", lost.subList(0, Math.min(3, lost.size()))) + ")" + lag));
                    }
                }
            }
        } catch (Exception e) {
            checks.add(Check.failed("restore", DatabaseLoss.oneLine(e)));
        } finally {
            if (fresh != null) {
                DatabaseLoss.stopQuietly(restored != null ? restored : new Postgres(fresh), fresh.pgData());
            }
            try {
                BaseBackups.deleteTree(scratchHome);
            } catch (IOException e) {
                checks.add(Check.failed("clean-up", "could not delete the scratch home " + scratchHome + ": "
                        + DatabaseLoss.oneLine(e)));
            }
        }
        return ScenarioResult.of(NAME, rto, rpo, backupId, bytes, checks);
    }

    /** The password the restore brought back with the backup into the new home, if any. */
    private static String password(DrSettings fresh) throws IOException {
        Path file = fresh.passwordFile();
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    }

    /**
     * When the newest snapshot of the unfinished WAL segment was taken (its key ends with that moment in
     * epoch milliseconds, taken before the copy): every commit acknowledged before it is off the machine.
     */
    static Optional<Instant> newestSnapshot(Vault vault) throws IOException {
        Optional<Instant> newest = Optional.empty();
        for (StoredFile file : vault.list(Catalogue.PARTIAL_PREFIX)) {
            String key = file.key();
            try {
                Instant at = Instant.ofEpochMilli(Long.parseLong(key.substring(key.lastIndexOf('.') + 1)));
                if (newest.isEmpty() || at.isAfter(newest.get())) {
                    newest = Optional.of(at);
                }
            } catch (NumberFormatException notASnapshot) {
                // a name this version does not write: it proves nothing about what left the machine
            }
        }
        return newest;
    }
}
