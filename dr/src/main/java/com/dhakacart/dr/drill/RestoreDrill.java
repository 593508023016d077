package com.dhakacart.dr.drill;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.restore.RestoreRequest;
import com.dhakacart.dr.restore.RestoreResult;
import com.dhakacart.dr.restore.Restorer;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
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
import java.util.function.Consumer;

/**
 * Proves the backups restore: restores the latest state into a scratch instance beside the live one,
 * runs integrity queries on every database (reads every table in full, checks every B-tree index with
 * amcheck), compares the shop's orders with the live server, then throws the scratch instance away.
 */
public final class RestoreDrill {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Postgres live;
    private final Vault vault;

    public RestoreDrill(Postgres live, Vault vault) {
        this.live = live;
        this.vault = vault;
    }

    public DrillResult run(Consumer<String> progress) throws IOException {
        Instant at = Instant.now();
        Path scratch = live.settings().workDir().resolve("drill-" + STAMP.format(at));
        int port = freePort();
        List<String> checks = new ArrayList<>();
        DrillResult result;
        Postgres restored = new Postgres(live.settings().localServer(port));
        try {
            RestoreResult restore = new Restorer(live, vault).restore(
                    new RestoreRequest(scratch.resolve("data"), port, null, false, false), progress);
            progress.accept("running integrity queries on the scratch instance (port " + port + ")");
            checks.addAll(integrityChecks(restored));
            long missing = missingOrders(restored);
            if (missing > 0) {
                checks.add("orders: " + missing + " orders present on the live server are missing");
            }
            result = new DrillResult(missing <= 0, at, restore.backupId(), restore.totalMillis() / 1000.0, missing,
                    checks, missing > 0 ? missing + " orders missing from the restored copy" : null);
        } catch (SQLException e) {
            result = new DrillResult(false, at, null, 0, -1, checks, "integrity query failed: " + e.getMessage());
        } catch (RuntimeException | IOException e) {
            result = new DrillResult(false, at, null, 0, -1, checks, e.getMessage());
        } finally {
            stopQuietly(restored, scratch.resolve("data"));
            BaseBackups.deleteTree(scratch);
        }
        result.save(live.settings().stateDir());
        progress.accept(result.success() ? "drill passed: restored in " + result.rtoSeconds() + " s"
                : "drill FAILED: " + result.problem());
        return result;
    }

    private List<String> integrityChecks(Postgres restored) throws SQLException {
        List<String> checks = new ArrayList<>();
        List<String> databases = new ArrayList<>();
        try (Connection c = restored.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        for (String database : databases) {
            // Reading a big table in full or checking a big index takes as long as it takes.
            try (Connection c = restored.connect(database, Duration.ofHours(6)); Statement s = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                int unreadable = 0;
                try (ResultSet rs = s.executeQuery("""
                        SELECT format('%I.%I', n.nspname, c.relname), has_table_privilege(c.oid, 'SELECT')
                        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')""")) {
                    while (rs.next()) {
                        if (rs.getBoolean(2)) {
                            tables.add(rs.getString(1));
                        } else {
                            unreadable++;
                        }
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
                String indexes = checkIndexes(s);
                checks.add(database + ": " + tables.size() + " tables, " + rows + " rows read, " + indexes
                        + (unreadable > 0 ? "; " + unreadable + " tables not readable by " + live.settings().pgUser()
                        + " (grant it pg_read_all_data for a full drill)" : ""));
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState())) {
                    throw e;
                }
                checks.add(database + ": not checked, " + live.settings().pgUser() + " may not connect to it");
            }
        }
        return checks;
    }

    /**
     * Checks every B-tree index with amcheck's bt_index_check; a least-privilege DR role that may not
     * create or run amcheck gets the drill without this step, and the check says so.
     */
    private String checkIndexes(Statement s) throws SQLException {
        try {
            s.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
            try (ResultSet rs = s.executeQuery("""
                    SELECT count(bt_index_check(c.oid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relpersistence <> 't'""")) {
                rs.next();
                return rs.getInt(1) + " B-tree indexes checked";
            }
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            return "B-tree indexes not checked (amcheck needs a superuser)";
        }
    }

    /** Orders the live server has (up to the restored copy's newest) that the restored copy lacks; -1 if not comparable. */
    private long missingOrders(Postgres restored) {
        String database = "dhakacart_db";
        try (Connection r = restored.connect(database); Statement rs = r.createStatement();
             Connection l = live.connect(database); Statement ls = l.createStatement()) {
            long restoredMax;
            long restoredCount;
            try (ResultSet q = rs.executeQuery("SELECT coalesce(max(id), 0), count(*) FROM orders")) {
                q.next();
                restoredMax = q.getLong(1);
                restoredCount = q.getLong(2);
            }
            try (ResultSet q = ls.executeQuery("SELECT count(*) FROM orders WHERE id <= " + restoredMax)) {
                q.next();
                return Math.max(0, q.getLong(1) - restoredCount);
            }
        } catch (SQLException notComparable) {
            return -1;
        }
    }

    private static void stopQuietly(Postgres restored, Path dataDir) {
        try {
            Postgres.run(restored.server("pg_ctl", List.of("-D", dataDir.toString(), "-m", "immediate", "-w", "stop")),
                    Duration.ofMinutes(2));
        } catch (RuntimeException notRunning) {
            // nothing was started, or it is gone already
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
