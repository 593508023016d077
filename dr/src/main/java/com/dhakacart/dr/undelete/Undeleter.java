package com.dhakacart.dr.undelete;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.restore.RestoreRefused;
import com.dhakacart.dr.restore.RestoreRequest;
import com.dhakacart.dr.restore.RestoreResult;
import com.dhakacart.dr.restore.Restorer;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings deleted rows back into the live database without rolling anything else back: restores a side
 * instance at the target (a scratch directory and port, never the live cluster), finds the rows of the
 * table that exist there but not live, follows foreign keys (a deleted order comes back with its
 * items; a row whose parent is also gone brings the parent back), and inserts them all, parents first,
 * in ONE transaction on the live database. Rows are matched by primary key, so rows created after the
 * target (absent there) are never touched.
 */
public final class Undeleter {

    private static final int BATCH = 5000;

    private final Postgres live;
    private final Vault vault;

    public Undeleter(Postgres live, Vault vault) {
        this.live = live;
        this.vault = vault;
    }

    public UndeleteReport undelete(UndeleteRequest request, Consumer<String> progress) throws IOException, SQLException {
        checkAgainstLive(request);
        int port = request.sidePort() > 0 ? request.sidePort() : freePort();
        Path scratch = live.settings().workDir().resolve("undelete-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Path data = scratch.resolve("data");
        Postgres side = new Postgres(live.settings().withPgPort(port));
        try {
            RestoreRequest restore = new RestoreRequest(data, port, request.toTime(), false, false);
            if (request.toLsn() != null) {
                restore = restore.toLsn(request.toLsn(), request.inclusive());
            }
            progress.accept("restoring a side instance at " + request.describeTarget() + " into " + data + " (port " + port + ")");
            RestoreResult restored = new Restorer(live, vault).restore(restore, progress);
            progress.accept("comparing " + request.table() + " at " + request.describeTarget() + " with the live database");
            try (Connection then = side.connect(request.database(), Duration.ofHours(1));
                 Connection now = live.connect(request.database(), Duration.ofHours(1))) {
                return compareAndApply(request, restored.backupId(), then, now, progress);
            }
        } finally {
            stopQuietly(side, data);
            BaseBackups.deleteTree(scratch);
        }
    }

    /** Fails before the (slow) side restore when the table or the filter cannot work. Reads only. */
    private void checkAgainstLive(UndeleteRequest request) throws SQLException {
        try (Connection c = live.connect(request.database())) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            Schema schema = Schema.read(c);
            Schema.Table table = schema.table(request.table());
            if (table == null) {
                throw new IllegalArgumentException("no table " + request.table() + " in " + request.database()
                        + " (a dropped table cannot take rows back: restore a copy with `dr restore --before-lsn`)");
            }
            if (table.key().isEmpty()) {
                throw new RestoreRefused("table " + table.name() + " has no primary key: rows cannot be matched");
            }
            if (request.where() != null) {
                // A read-only transaction, and EXPLAIN does not run the query: a typo is caught now, a
                // statement smuggled into the filter cannot write.
                try (Statement s = c.createStatement()) {
                    s.execute("EXPLAIN SELECT 1 FROM " + table.quoted() + " WHERE (" + request.where() + ")");
                } catch (SQLException e) {
                    throw new IllegalArgumentException("--where does not work on " + table.name() + ": " + e.getMessage(), e);
                }
            }
            c.rollback();
        }
    }

    private UndeleteReport compareAndApply(UndeleteRequest request, String backupId, Connection then, Connection now,
                                           Consumer<String> progress) throws SQLException {
        for (Connection c : List.of(then, now)) {
            try (Statement s = c.createStatement()) {
                s.execute("SET TIME ZONE 'UTC'"); // rows travel as text; timestamps must mean the same on both sides
            }
        }
        then.setAutoCommit(false);
        then.setReadOnly(true);
        // One snapshot of the live database for the comparison and the inserts, and one transaction.
        now.setAutoCommit(false);
        now.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        Schema schema = Schema.read(then);
        Schema.Table seedTable = schema.table(request.table());
        if (seedTable == null) {
            throw new RestoreRefused("table " + request.table() + " did not exist at " + request.describeTarget());
        }
        Closure closure = new Closure(schema, then, now);
        closure.add(seedTable, closure.select(then, seedTable, request.where()), true);
        closure.run();

        List<UndeleteReport.TableResult> results = new ArrayList<>();
        boolean changedBack = request.overwriteChanged() && !request.dryRun();
        try {
            for (String name : schema.parentsFirst()) {
                Schema.Table table = schema.tables().get(name);
                List<String[]> missing = closure.missing.getOrDefault(name, List.of());
                List<String[]> changed = closure.changed.getOrDefault(name, List.of());
                if (missing.isEmpty() && changed.isEmpty()) {
                    continue;
                }
                if (!request.dryRun()) {
                    insert(now, table, missing);
                    if (changedBack) {
                        update(now, table, changed);
                    }
                }
                results.add(new UndeleteReport.TableResult(name, missing.size(), keys(table, missing), changed.size(),
                        keys(table, changed), changedBack));
            }
            if (request.dryRun()) {
                now.rollback();
            } else {
                now.commit();
            }
        } catch (SQLException e) {
            now.rollback();
            throw new RestoreRefused("nothing was changed: the live database refused the rows back (" + e.getMessage()
                    + "); if a row came back meanwhile, run undelete again");
        } finally {
            then.rollback();
        }
        UndeleteReport report = new UndeleteReport(request.database(), seedTable.name(), request.where(),
                request.describeTarget(), backupId, request.dryRun(), !request.dryRun(), results);
        progress.accept((request.dryRun() ? "dry run: would bring back " : "brought back ") + report.restoredRows() + " rows");
        return report;
    }

    /**
     * The rows to bring back: the seed rows, then (for rows reached downward) every row at the target
     * that references them, and (for rows to bring back) every parent they need that is gone live.
     */
    private static final class Closure {
        final Schema schema;
        final Connection then;
        final Connection now;
        final Map<String, List<String[]>> missing = new HashMap<>();
        final Map<String, List<String[]>> changed = new HashMap<>();
        final Map<String, Set<List<String>>> seen = new HashMap<>();
        final Deque<Batch> work = new ArrayDeque<>();

        record Batch(Schema.Table table, List<String[]> rows, boolean down) {
        }

        Closure(Schema schema, Connection then, Connection now) {
            this.schema = schema;
            this.then = then;
            this.now = now;
        }

        void add(Schema.Table table, List<String[]> rows, boolean down) {
            Set<List<String>> visited = seen.computeIfAbsent(table.name(), t -> new HashSet<>());
            List<String[]> fresh = rows.stream().filter(r -> visited.add(key(table, r))).toList();
            for (int i = 0; i < fresh.size(); i += BATCH) {
                work.add(new Batch(table, fresh.subList(i, Math.min(fresh.size(), i + BATCH)), down));
            }
        }

        void run() throws SQLException {
            while (!work.isEmpty()) {
                Batch batch = work.poll();
                Schema.Table table = batch.table();
                Map<List<String>, String[]> present = new HashMap<>();
                for (String[] row : selectByColumns(now, table, table.key(), batch.rows().stream()
                        .map(r -> key(table, r)).toList())) {
                    present.put(key(table, row), row);
                }
                List<String[]> gone = new ArrayList<>();
                for (String[] row : batch.rows()) {
                    String[] current = present.get(key(table, row));
                    if (current == null) {
                        gone.add(row);
                    } else if (batch.down() && !Arrays.equals(current, row)) {
                        changed.computeIfAbsent(table.name(), t -> new ArrayList<>()).add(row);
                    }
                }
                missing.computeIfAbsent(table.name(), t -> new ArrayList<>()).addAll(gone);
                if (batch.down()) {
                    for (Schema.ForeignKey fk : schema.referencing(table.name())) {
                        Schema.Table child = schema.tables().get(fk.child());
                        add(child, selectByColumns(then, child, fk.childColumns(), values(table, batch.rows(), fk.parentColumns())), true);
                    }
                }
                for (Schema.ForeignKey fk : schema.referencedBy(table.name())) {
                    Schema.Table parent = schema.tables().get(fk.parent());
                    add(parent, selectByColumns(then, parent, fk.parentColumns(), values(table, gone, fk.childColumns())), false);
                }
            }
        }

        List<String[]> select(Connection c, Schema.Table table, String where) throws SQLException {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(selectList(table) + (where == null ? "" : " WHERE (" + where + ")"))) {
                return rows(rs, table);
            }
        }
    }

    /** Distinct non-null tuples of {@code columns} in {@code rows}. */
    private static List<List<String>> values(Schema.Table table, List<String[]> rows, List<String> columns) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (String[] row : rows) {
            List<String> tuple = columns.stream().map(c -> row[table.column(c)]).toList();
            if (tuple.stream().allMatch(java.util.Objects::nonNull)) {
                out.add(tuple);
            }
        }
        return new ArrayList<>(out);
    }

    /** Rows of {@code table} whose {@code columns} equal one of {@code tuples} (compared in their own types). */
    private static List<String[]> selectByColumns(Connection c, Schema.Table table, List<String> columns,
                                                  List<List<String>> tuples) throws SQLException {
        List<String[]> found = new ArrayList<>();
        if (tuples.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder(selectList(table)).append(" WHERE (");
        StringBuilder casts = new StringBuilder();
        StringBuilder unnest = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            String type = table.types().get(table.column(columns.get(i)));
            sql.append(i == 0 ? "" : ", ").append(Schema.quote(columns.get(i)));
            casts.append(i == 0 ? "" : ", ").append("CAST(u.k").append(i).append(" AS ").append(type).append(')');
            unnest.append(i == 0 ? "" : ", ").append("CAST(? AS text[])");
        }
        sql.append(") IN (SELECT ").append(casts).append(" FROM unnest(").append(unnest).append(") AS u(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("k").append(i);
        }
        sql.append("))");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int from = 0; from < tuples.size(); from += BATCH) {
                List<List<String>> part = tuples.subList(from, Math.min(tuples.size(), from + BATCH));
                for (int i = 0; i < columns.size(); i++) {
                    int column = i;
                    Array array = c.createArrayOf("text", part.stream().map(t -> t.get(column)).toArray());
                    s.setArray(i + 1, array);
                }
                try (ResultSet rs = s.executeQuery()) {
                    found.addAll(rows(rs, table));
                }
            }
        }
        return found;
    }

    private static String selectList(Schema.Table table) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            // Every value as text: the same text on both sides means the same value, and it casts back exactly.
            sql.append(i == 0 ? "" : ", ").append(Schema.quote(table.columns().get(i))).append("::text");
        }
        return sql.append(" FROM ").append(table.quoted()).toString();
    }

    private static List<String[]> rows(ResultSet rs, Schema.Table table) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        while (rs.next()) {
            String[] row = new String[table.columns().size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            rows.add(row);
        }
        return rows;
    }

    private static void insert(Connection c, Schema.Table table, List<String[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.quoted()).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Schema.quote(table.columns().get(i)));
            values.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(table.types().get(i)).append(')');
        }
        // Ids come back as they were; the sequence already moved past them, so new rows never collide.
        sql.append(")").append(table.identityAlways() ? " OVERRIDING SYSTEM VALUE" : "").append(" VALUES (").append(values).append(')');
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    s.setString(i + 1, row[i]);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void update(Connection c, Schema.Table table, List<String[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(table.quoted()).append(" SET ");
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Schema.quote(table.columns().get(i))).append(" = CAST(? AS ")
                    .append(table.types().get(i)).append(')');
        }
        sql.append(" WHERE ");
        for (int k = 0; k < table.key().size(); k++) {
            int i = table.column(table.key().get(k));
            sql.append(k == 0 ? "" : " AND ").append(Schema.quote(table.key().get(k))).append(" = CAST(? AS ")
                    .append(table.types().get(i)).append(')');
        }
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (String[] row : rows) {
                int p = 1;
                for (String value : row) {
                    s.setString(p++, value);
                }
                for (String key : table.key()) {
                    s.setString(p++, row[table.column(key)]);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static List<String> key(Schema.Table table, String[] row) {
        return table.key().stream().map(k -> row[table.column(k)]).toList();
    }

    private static List<String> keys(Schema.Table table, List<String[]> rows) {
        return rows.stream().map(r -> String.join(",", key(table, r))).sorted().toList();
    }

    private static void stopQuietly(Postgres side, Path data) {
        try {
            Postgres.run(side.server("pg_ctl", List.of("-D", data.toString(), "-m", "immediate", "-w", "stop")),
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
