package com.dhakacart.dr.timeline;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What changed when, read from the WAL: per minute (of commit time) and table, the rows inserted,
 * updated and deleted by committed transactions, the schema changes (CREATE, ALTER, TRUNCATE or
 * rewrite, DROP), and which of them look like mass destruction.
 *
 * @param from           the earliest commit counted (null when none)
 * @param to             the latest commit counted
 * @param startLsn       where reading the WAL began
 * @param endLsn         where it ended (the newest WAL there is, or where --until stopped it)
 * @param records        WAL records read
 * @param names          where table names came from
 * @param changes        one entry per minute and table, oldest first
 * @param schemaChanges  one entry per transaction that changed the schema, oldest first
 * @param notes          anything the reader should know (unreadable WAL, unnamed relations)
 */
public record Timeline(Instant from, Instant to, String startLsn, String endLsn, long records, String names,
                       List<TableMinute> changes, List<SchemaChange> schemaChanges, List<String> notes) {

    /**
     * Rows one table changed in one minute. {@code firstLsn} is the first WAL record of those changes;
     * {@code burst} the transaction that changed the most rows; {@code spike} says why the minute looks
     * like mass destruction (null when it does not).
     */
    public record TableMinute(Instant minute, String database, String table, long inserted, long updated,
                              long deleted, String firstLsn, Burst burst, String spike) {

        /** The LSN to restore "just before": the burst's first record when it is most of the damage. */
        public String restoreBefore() {
            if (burst != null && 2 * (burst.updated() + burst.deleted()) >= updated + deleted) {
                return burst.firstLsn();
            }
            return firstLsn;
        }
    }

    /** One transaction: its id, its first and commit records, when it committed and what it did to one table. */
    public record Burst(long xid, String firstLsn, String commitLsn, Instant committedAt, long inserted,
                        long updated, long deleted) {
    }

    /**
     * A transaction that changed the schema. {@code kind}: CREATE (new storage only), TRUNCATE/REWRITE
     * (storage replaced: TRUNCATE, VACUUM FULL, CLUSTER, a rewriting ALTER TABLE), DROP (storage removed),
     * ALTER (catalogue change only). {@code destructive} for TRUNCATE/REWRITE and DROP.
     */
    public record SchemaChange(Instant at, long xid, String kind, String database, List<String> tables,
                               String firstLsn, String commitLsn, boolean destructive) {
    }

    /** The earliest flagged moment: a spike or a destructive schema change, with the LSN to restore before. */
    public Optional<Suspect> firstSuspect() {
        Stream<Suspect> spikes = changes.stream().filter(c -> c.spike() != null)
                .map(c -> new Suspect(c.minute(), c.database() + "." + c.table() + ": " + c.spike(), c.restoreBefore()));
        Stream<Suspect> ddl = schemaChanges.stream().filter(SchemaChange::destructive)
                .map(s -> new Suspect(s.at(), s.kind() + " " + String.join(", ", s.tables()), s.firstLsn()));
        return Stream.concat(spikes, ddl)
                .min(Comparator.comparing((Suspect s) -> com.dhakacart.dr.catalogue.Lsn.parse(s.restoreBeforeLsn())));
    }

    /** The first thing that looks like destruction, and where a restore should stop to undo it. */
    public record Suspect(Instant at, String what, String restoreBeforeLsn) {
    }
}
