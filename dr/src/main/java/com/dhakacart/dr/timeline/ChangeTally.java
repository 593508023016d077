package com.dhakacart.dr.timeline;

import com.dhakacart.dr.catalogue.Lsn;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds up pg_waldump records into a {@link Timeline}, one record at a time (the WAL is never held in
 * memory: only the open transactions' counters and one counter per minute and table).
 *
 * <p>Only COMMIT records carry a time, so a transaction's row changes wait under its xid until its
 * COMMIT (then they count in that minute) or ABORT (then they never happened). A transaction's
 * subtransactions are listed in its COMMIT and counted with it.
 */
final class ChangeTally {

    /** A minute's destructive rows (updates + deletes) on a table must be at least this many... */
    static final long SPIKE_MIN_ROWS = 100;
    /** ...and this many times the table's usual rate (the median of the other minutes read). */
    static final long SPIKE_FACTOR = 5;

    private final Relations relations;
    private final Instant since;
    private final Instant until;
    private final Map<Long, Open> open = new HashMap<>();
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private final List<Timeline.SchemaChange> schemaChanges = new ArrayList<>();
    private final Set<String> unnamed = new LinkedHashSet<>();
    private Instant from;
    private Instant to;
    private String startLsn;
    private String endLsn;
    private long records;

    ChangeTally(Relations relations, Instant since, Instant until) {
        this.relations = relations;
        this.since = since;
        this.until = until;
    }

    /** Counts one line of pg_waldump output; false once a commit after {@code until} was seen (stop reading). */
    boolean accept(String line) {
        WalRecord record = WalRecord.parse(line);
        if (record == null) {
            return true;
        }
        records++;
        if (startLsn == null) {
            startLsn = record.lsn();
        }
        endLsn = record.lsn();
        switch (record.rmgr()) {
            case "Heap", "Heap2" -> heap(record);
            case "Storage" -> storage(record);
            case "Transaction" -> {
                return transaction(record);
            }
            default -> {
                // B-tree, FPI, checkpoints, sequences...: not row changes
            }
        }
        return true;
    }

    private void heap(WalRecord record) {
        String op = record.operation();
        long rows = switch (op) {
            case "INSERT", "UPDATE", "HOT_UPDATE", "DELETE" -> 1;
            case "MULTI_INSERT" -> multiInsertRows(record.desc());
            default -> 0; // LOCK, PRUNE, VACUUM, FREEZE, INPLACE (statistics), ...: no row changed
        };
        if (rows == 0 || record.xid() == 0) {
            return;
        }
        String rel = record.firstRelation();
        if (rel == null) {
            return;
        }
        Open tx = open.computeIfAbsent(record.xid(), x -> new Open());
        Relations.Name name = relations.file(rel);
        if (name.kind() == Relations.Kind.CATALOG) {
            // pg_statistic is written by ANALYZE (autovacuum), not by a schema change
            if (!name.table().equals("pg_catalog.pg_statistic") && !rel.endsWith("/2619")) {
                tx.catalogue = true;
                tx.firstLsn = tx.firstLsn == null ? record.lsn() : tx.firstLsn;
            }
            return;
        }
        if (name.kind() == Relations.Kind.TOAST) {
            return; // out-of-line parts of rows already counted in their table
        }
        long[] counts = tx.rows.computeIfAbsent(rel, r -> new long[3]);
        switch (op) {
            case "INSERT", "MULTI_INSERT" -> counts[0] += rows;
            case "UPDATE", "HOT_UPDATE" -> counts[1] += rows;
            default -> counts[2] += rows;
        }
        tx.relFirstLsn.putIfAbsent(rel, record.lsn());
        tx.firstLsn = tx.firstLsn == null ? record.lsn() : tx.firstLsn;
    }

    /** PostgreSQL 15 writes "MULTI_INSERT 2 tuples flags 0x02"; 16 and later "ntuples: 2, flags: 0x02". */
    static long multiInsertRows(String desc) {
        int i = desc.indexOf("ntuples: ");
        int start = i >= 0 ? i + 9 : desc.indexOf(' ') + 1;
        int end = start;
        while (end < desc.length() && Character.isDigit(desc.charAt(end))) {
            end++;
        }
        return end > start ? Long.parseLong(desc.substring(start, end)) : 1;
    }

    private void storage(WalRecord record) {
        // "CREATE base/5/16401": new storage for a table or index (CREATE, TRUNCATE, rewrite). A fork of an
        // existing one ("base/5/2619_fsm", "_vm", "_init": VACUUM makes free-space maps) is not a schema change.
        String path = record.desc().startsWith("CREATE ") ? record.desc().substring("CREATE ".length()).strip() : "";
        if (record.operation().equals("CREATE") && record.xid() != 0 && path.matches(".*/\\d+")) {
            Open tx = open.computeIfAbsent(record.xid(), x -> new Open());
            tx.created.add(dbSlashFile(path));
            tx.firstLsn = tx.firstLsn == null ? record.lsn() : tx.firstLsn;
        }
    }

    private boolean transaction(WalRecord record) {
        String op = record.operation();
        if (!op.equals("COMMIT") && !op.equals("ABORT")) {
            return true;
        }
        String desc = record.desc();
        List<Long> xids = new ArrayList<>();
        xids.add(record.xid());
        for (String id : section(desc, "subxacts: ")) {
            xids.add(Long.parseLong(id));
        }
        if (op.equals("ABORT")) {
            xids.forEach(open::remove);
            return true;
        }
        Instant at = commitTime(desc);
        if (until != null && at.isAfter(until)) {
            return false;
        }
        Open tx = new Open();
        for (Long xid : xids) {
            Open part = open.remove(xid);
            if (part != null) {
                tx.merge(part);
            }
        }
        if (since != null && at.isBefore(since)) {
            return true;
        }
        from = from == null ? at : from;
        to = at;
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        for (Map.Entry<String, long[]> e : tx.rows.entrySet()) {
            Relations.Name name = relations.file(e.getKey());
            if (name.kind() == Relations.Kind.UNKNOWN) {
                unnamed.add(name.database() + "." + name.table());
            }
            long[] c = e.getValue();
            Bucket bucket = buckets.computeIfAbsent(minute + " " + name.database() + " " + name.table(),
                    k -> new Bucket(minute, name));
            bucket.add(c, tx.relFirstLsn.get(e.getKey()),
                    new Timeline.Burst(record.xid(), tx.relFirstLsn.get(e.getKey()), record.lsn(), at, c[0], c[1], c[2]));
        }
        List<String> dropped = section(desc, "rels: ").stream().map(ChangeTally::dbSlashFile).toList();
        if (!tx.created.isEmpty() || !dropped.isEmpty() || tx.catalogue) {
            schemaChanges.add(schemaChange(record, at, tx, dropped, desc));
        }
        return true;
    }

    private Timeline.SchemaChange schemaChange(WalRecord record, Instant at, Open tx, List<String> dropped, String desc) {
        String kind = dropped.isEmpty() ? (tx.created.isEmpty() ? "ALTER" : "CREATE")
                : tx.created.isEmpty() ? "DROP" : "TRUNCATE/REWRITE";
        String database = null;
        Set<String> tables = new LinkedHashSet<>();
        String db = !dropped.isEmpty() ? dropped.get(0).substring(0, dropped.get(0).indexOf('/'))
                : !tx.created.isEmpty() ? tx.created.iterator().next().split("/")[0] : null;
        // Invalidation messages name every relation the transaction changed, by oid (stable across TRUNCATE).
        for (String oid : relcacheOids(desc)) {
            Relations.Name name = db == null ? null : relations.oid(db + "/" + oid);
            if (name != null && name.kind() == Relations.Kind.TABLE) {
                tables.add(name.table());
                database = name.database();
            }
        }
        for (String file : tx.created) {
            Relations.Name name = relations.file(file);
            if (name.kind() == Relations.Kind.TABLE) {
                tables.add(name.table());
                database = name.database();
            }
        }
        for (String file : dropped) {
            Relations.Name name = relations.file(file);
            if (name.kind() == Relations.Kind.UNKNOWN) {
                tables.add(name.table() + " (no longer exists)");
            }
            database = database == null ? name.database() : database;
        }
        if (database == null && db != null) {
            database = relations.file(db + "/0").database();
        }
        boolean destructive = !dropped.isEmpty();
        return new Timeline.SchemaChange(at, record.xid(), kind, database, List.copyOf(tables),
                tx.firstLsn == null ? record.lsn() : tx.firstLsn, record.lsn(), destructive);
    }

    Timeline result(List<String> extraNotes) {
        List<Timeline.TableMinute> changes = new ArrayList<>();
        Map<String, List<Bucket>> byTable = new HashMap<>();
        buckets.values().forEach(b -> byTable.computeIfAbsent(b.name.database() + " " + b.name.table(), k -> new ArrayList<>()).add(b));
        long minutes = from == null ? 0 : ChronoUnit.MINUTES.between(from.truncatedTo(ChronoUnit.MINUTES),
                to.truncatedTo(ChronoUnit.MINUTES)) + 1;
        Map<Bucket, String> spikes = new HashMap<>();
        for (List<Bucket> table : byTable.values()) {
            // Minutes without any change on this table count as zero: the usual rate of a quiet table is 0.
            List<Long> rates = new ArrayList<>();
            table.forEach(b -> rates.add(b.destructive()));
            for (long i = table.size(); i < minutes; i++) {
                rates.add(0L);
            }
            rates.sort(Comparator.naturalOrder());
            for (Bucket b : table) {
                long usual = medianWithout(rates, b.destructive());
                if (b.destructive() >= SPIKE_MIN_ROWS && b.destructive() >= SPIKE_FACTOR * Math.max(usual, 1)) {
                    spikes.put(b, (b.updated + b.deleted) + " rows updated or deleted, usually " + usual + " a minute");
                }
            }
        }
        for (Bucket b : buckets.values()) {
            changes.add(new Timeline.TableMinute(b.minute, b.name.database(), b.name.table(), b.inserted, b.updated,
                    b.deleted, b.firstLsn, b.burst, spikes.get(b)));
        }
        changes.sort(Comparator.comparing(Timeline.TableMinute::minute).thenComparing(Timeline.TableMinute::database)
                .thenComparing(Timeline.TableMinute::table));
        List<String> notes = new ArrayList<>(extraNotes);
        if (!unnamed.isEmpty()) {
            notes.add("relations shown by number were dropped or rewritten (TRUNCATE, VACUUM FULL) since, or"
                    + " could not be read from " + relations.source() + ": " + String.join(", ", unnamed));
        }
        if (!open.isEmpty()) {
            notes.add(open.size() + " transactions had not committed by the end of the WAL read (not counted)");
        }
        return new Timeline(from, to, startLsn, endLsn, records, relations.source(), changes,
                List.copyOf(schemaChanges), notes);
    }

    /** The median of {@code sorted} with one occurrence of {@code self} taken out. */
    static long medianWithout(List<Long> sorted, long self) {
        int n = sorted.size() - 1;
        if (n <= 0) {
            return 0;
        }
        int selfIndex = java.util.Collections.binarySearch(sorted, self);
        int mid = n / 2;
        // Index into the list as if the self element were removed.
        int index = mid >= selfIndex ? mid + 1 : mid;
        return sorted.get(Math.min(index, sorted.size() - 1));
    }

    /** "COMMIT 2026-11-27 12:40:06.669191 UTC; ..." (pg_waldump runs with TZ=UTC). */
    static Instant commitTime(String desc) {
        int start = desc.indexOf(' ') + 1;
        int end = desc.indexOf(" UTC", start);
        if (end < 0) {
            throw new IllegalStateException("pg_waldump printed a commit time not in UTC: " + desc);
        }
        return LocalDateTime.parse(desc.substring(start, end).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }

    /** The space-separated words after {@code label} up to the next ';' in a commit description. */
    static List<String> section(String desc, String label) {
        int i = desc.indexOf(label);
        if (i < 0) {
            return List.of();
        }
        int end = desc.indexOf(';', i);
        String body = desc.substring(i + label.length(), end < 0 ? desc.length() : end).strip();
        return body.isEmpty() ? List.of() : List.of(body.split(" +"));
    }

    private static List<String> relcacheOids(String desc) {
        List<String> oids = new ArrayList<>();
        int i = 0;
        while ((i = desc.indexOf("relcache ", i)) >= 0) {
            int start = i + 9;
            int end = start;
            while (end < desc.length() && Character.isDigit(desc.charAt(end))) {
                end++;
            }
            oids.add(desc.substring(start, end));
            i = end;
        }
        return oids.stream().distinct().toList();
    }

    /** "base/5/16401" -> "5/16401". */
    private static String dbSlashFile(String path) {
        String[] parts = path.split("/");
        // The relfilenode without a fork suffix or segment number ("2619_fsm", "16401.1").
        return parts[parts.length - 2] + "/" + parts[parts.length - 1].replaceFirst("^(\\d+).*$", "$1");
    }

    /** An open transaction's changes, keyed by "dboid/relfilenode". */
    private static final class Open {
        final Map<String, long[]> rows = new HashMap<>();
        final Map<String, String> relFirstLsn = new HashMap<>();
        final Set<String> created = new LinkedHashSet<>();
        boolean catalogue;
        String firstLsn;

        void merge(Open other) {
            other.rows.forEach((rel, c) -> {
                long[] mine = rows.computeIfAbsent(rel, r -> new long[3]);
                for (int i = 0; i < 3; i++) {
                    mine[i] += c[i];
                }
            });
            other.relFirstLsn.forEach((rel, lsn) -> relFirstLsn.merge(rel, lsn, ChangeTally::earlier));
            created.addAll(other.created);
            catalogue |= other.catalogue;
            firstLsn = firstLsn == null ? other.firstLsn : other.firstLsn == null ? firstLsn : earlier(firstLsn, other.firstLsn);
        }
    }

    static String earlier(String a, String b) {
        return Lsn.parse(a).compareTo(Lsn.parse(b)) <= 0 ? a : b;
    }

    /** One minute of one table. */
    private static final class Bucket {
        final Instant minute;
        final Relations.Name name;
        long inserted;
        long updated;
        long deleted;
        String firstLsn;
        Timeline.Burst burst;

        Bucket(Instant minute, Relations.Name name) {
            this.minute = minute;
            this.name = name;
        }

        void add(long[] c, String first, Timeline.Burst tx) {
            inserted += c[0];
            updated += c[1];
            deleted += c[2];
            firstLsn = firstLsn == null ? first : earlier(firstLsn, first);
            // The burst is the most destructive transaction (then the biggest): the one to restore before.
            if (burst == null || tx.updated() + tx.deleted() > burst.updated() + burst.deleted()
                    || (tx.updated() + tx.deleted() == burst.updated() + burst.deleted()
                        && tx.inserted() > burst.inserted())) {
                burst = tx;
            }
        }

        long destructive() {
            return updated + deleted;
        }
    }
}
