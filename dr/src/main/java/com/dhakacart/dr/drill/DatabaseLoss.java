package com.dhakacart.dr.drill;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.restore.RestoreRequest;
import com.dhakacart.dr.restore.RestoreResult;
import com.dhakacart.dr.restore.Restorer;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runbook scenario 1, complete database loss, rehearsed: restore the latest state from the repository into
 * a scratch instance beside the live one (as {@code dr restore --latest} would after the loss), then check
 * that the WAL replayed without a hole, read every table in full, check every B-tree index with amcheck,
 * and find every order the live shop had acknowledged before the drill, with its total, in the copy. RTO
 * is the restore's time (fetch, verify, unpack, replay, promote); RPO the acknowledged orders not restored.
 */
final class DatabaseLoss implements Scenario {

    static final String NAME = "db-loss";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Postgres live;
    private final Vault vault;

    DatabaseLoss(Postgres live, Vault vault) {
        this.live = live;
        this.vault = vault;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScenarioResult rehearse(Consumer<String> progress) {
        List<Check> checks = new ArrayList<>();
        // What the shop has acknowledged so far: all of it must be in the restored copy, which replays WAL
        // up to a moment after this.
        Map<String, BigDecimal> acknowledged = null;
        String unreadable = null;
        try {
            acknowledged = OrderBook.read(live);
        } catch (SQLException e) {
            unreadable = "could not read the live orders (" + OrderBook.DATABASE + ".orders): " + oneLine(e);
        }
        Path scratch = live.settings().workDir().resolve("drill-" + STAMP.format(Instant.now()));
        Double rto = null;
        long rpo = -1;
        String backupId = null;
        Long bytes = null;
        Postgres restored = null;
        try {
            int port = freePort();
            restored = new Postgres(live.settings().localServer(port));
            RestoreResult restore = new Restorer(live, vault).restore(
                    new RestoreRequest(scratch.resolve("data"), port, null, false, false), progress);
            backupId = restore.backupId();
            rto = restore.totalMillis() / 1000.0;
            checks.add(Check.passed("restore", "base backup " + restore.backupId() + " and " + restore.walFiles()
                    + " WAL files restored in " + rto + " s (fetch and verify " + restore.fetchMillis() / 1000.0
                    + " s, replay " + restore.replayMillis() / 1000.0 + " s)"));
            checks.add(restore.walGapAt() == null
                    ? Check.passed("wal", "continuous from the base backup to " + restore.endLsn())
                    : Check.failed("wal", "the archived WAL has a hole at " + restore.walGapAt()
                    + ": recovery stopped there and everything committed after it is missing"));
            progress.accept("running integrity queries on the scratch instance (port " + port + ")");
            bytes = IntegrityChecks.run(restored, live.settings().pgUser(), checks);
            if (unreadable != null) {
                checks.add(Check.failed("orders", unreadable));
            } else {
                try {
                    OrderBook.Comparison comparison = OrderBook.compare(acknowledged, OrderBook.read(restored));
                    rpo = comparison.lost();
                    checks.add(new Check("orders", comparison.lost() == 0, comparison.describe()));
                } catch (SQLException e) {
                    checks.add(Check.failed("orders", "could not read the restored orders: " + oneLine(e)));
                }
            }
        } catch (Exception e) {
            checks.add(Check.failed("restore", oneLine(e)));
        } finally {
            if (restored != null) {
                stopQuietly(restored, scratch.resolve("data"));
            }
            try {
                BaseBackups.deleteTree(scratch);
            } catch (IOException e) {
                checks.add(Check.failed("clean-up", "could not delete the scratch instance " + scratch + ": " + oneLine(e)));
            }
        }
        return ScenarioResult.of(NAME, rto, rpo, backupId, bytes, checks);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    static void stopQuietly(Postgres restored, Path dataDir) {
        try {
            Postgres.run(restored.server("pg_ctl", List.of("-D", dataDir.toString(), "-m", "immediate", "-w", "stop")),
                    Duration.ofMinutes(2));
        } catch (RuntimeException notRunning) {
            // nothing was started, or it is gone already
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Integrity of a restored cluster: every table read in full, every B-tree index checked. */
    static final class IntegrityChecks {

        private IntegrityChecks() {
        }

        /** Adds one check per database to {@code checks}; returns the cluster's size in bytes. */
        static long run(Postgres restored, String user, List<Check> checks) throws SQLException {
            List<String> databases = new ArrayList<>();
            long bytes = 0;
            try (Connection c = restored.connect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT datname, pg_database_size(oid) FROM pg_database"
                         + " WHERE datallowconn ORDER BY 1")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                    bytes += rs.getLong(2);
                }
            }
            for (String database : databases) {
                checks.add(check(restored, user, database));
            }
            return bytes;
        }

        private static Check check(Postgres restored, String user, String database) {
            String name = "integrity " + database;
            // Reading a big table in full or checking a big index takes as long as it takes.
            try (Connection c = restored.connect(database, Duration.ofHours(6)); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                List<String> unreadable = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("""
                        SELECT format('%I.%I', n.nspname, c.relname), has_table_privilege(c.oid, 'SELECT')
                        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')""")) {
                    while (rs.next()) {
                        (rs.getBoolean(2) ? tables : unreadable).add(rs.getString(1));
                    }
                }
                long rows = 0;
                for (String table : tables) {
                    // A full read touches every heap page, so a damaged page fails here, not in production.
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        rows += rs.getLong(1);
                    }
                }
                String summary = tables.size() + " tables, " + rows + " rows read";
                if (!unreadable.isEmpty()) {
                    return Check.failed(name, summary + "; could not read " + unreadable.size() + " tables as " + user
                            + " (" + String.join(", ", unreadable.subList(0, Math.min(3, unreadable.size())))
                            + "): grant it pg_read_all_data");
                }
                try {
                    s.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
                    try (ResultSet rs = s.executeQuery("""
                            SELECT count(bt_index_check(c.oid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                            JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relpersistence <> 't'""")) {
                        rs.next();
                        return Check.passed(name, summary + ", " + rs.getInt(1) + " B-tree indexes checked");
                    }
                } catch (SQLException e) {
                    if (!"42501".equals(e.getSQLState())) {
                        throw e;
                    }
                    return Check.failed(name, summary + "; B-tree indexes NOT checked: amcheck needs a superuser"
                            + " (or EXECUTE on bt_index_check for " + user + ")");
                }
            } catch (SQLException e) {
                return Check.failed(name, "not checked: " + oneLine(e));
            }
        }
    }
}
