package com.dhakacart.dr.timeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tally over pg_waldump's output, on lines in PostgreSQL 15's exact format (copied from a real
 * run): committed rows only, in their commit minute; spikes; schema changes named; timelines followed.
 */
class TimelineTest {

    private static final String DB = "16384";
    private final List<String> wal = new ArrayList<>();
    private long lsn = 0x3000028;

    private Relations shop() {
        Relations r = Relations.none("test");
        r.putDatabase(DB, "dhakacart_db");
        r.put(DB + "/16400", new Relations.Name("dhakacart_db", "products", Relations.Kind.TABLE));
        r.put(DB + "/16410", new Relations.Name("dhakacart_db", "order_items", Relations.Kind.TABLE));
        r.put(DB + "/16420", new Relations.Name("dhakacart_db", "pg_toast.pg_toast_16400", Relations.Kind.TOAST));
        r.put(DB + "/16430", new Relations.Name("dhakacart_db", "orders", Relations.Kind.TABLE));
        r.putOid(DB + "/16390", new Relations.Name("dhakacart_db", "orders", Relations.Kind.TABLE));
        return r;
    }

    private String heap(long xid, String op, int file) {
        String line = String.format("rmgr: Heap        len (rec/tot):     54/    54, tx: %10d, lsn: 0/%08X, prev 0/%08X,"
                + " desc: %s off 2 flags 0x00 KEYS_UPDATED , blkref #0: rel 1663/%s/%d blk 0", xid, lsn, lsn - 0x38, op, DB, file);
        lsn += 0x38;
        return line;
    }

    private String commit(long xid, String time, String extra) {
        String line = String.format("rmgr: Transaction len (rec/tot):     34/    34, tx: %10d, lsn: 0/%08X, prev 0/%08X,"
                + " desc: COMMIT 2026-11-27 %s UTC%s", xid, lsn, lsn - 0x38, time, extra);
        lsn += 0x38;
        return line;
    }

    private void rows(long xid, String op, int file, int n) {
        for (int i = 0; i < n; i++) {
            wal.add(heap(xid, op, file));
        }
    }

    private Timeline tally(Relations relations) {
        ChangeTally tally = new ChangeTally(relations, null, null);
        wal.forEach(tally::accept);
        return tally.result(List.of());
    }

    @Test
    void countsCommittedRowsInTheirCommitMinuteAndForgetsAbortedOnes() {
        rows(700, "INSERT", 16430, 3);
        rows(701, "DELETE", 16410, 5);       // aborted: never happened
        rows(702, "HOT_UPDATE", 16400, 2);   // a subtransaction of 703
        rows(703, "UPDATE", 16400, 1);
        rows(703, "INSERT", 16420, 4);       // TOAST chunks are part of rows already counted
        wal.add(commit(700, "10:00:59.999999", ""));
        wal.add("rmgr: Transaction len (rec/tot):     34/    34, tx:        701, lsn: 0/04000000, prev 0/03FFFFC8, desc: ABORT 2026-11-27 10:01:00.100000 UTC");
        wal.add(commit(703, "10:01:00.200000", "; subxacts: 702"));
        wal.add("rmgr: Heap2       len (rec/tot):     82/    82, tx:        704, lsn: 0/04100000, prev 0/040FFFC8, desc: MULTI_INSERT 2 tuples flags 0x02, blkref #0: rel 1663/16384/16430 blk 0");
        wal.add(commit(704, "10:01:30.000000", ""));

        Timeline t = tally(shop());

        assertThat(t.changes()).extracting(c -> c.minute() + " " + c.table() + " " + c.inserted() + "/" + c.updated() + "/" + c.deleted())
                .containsExactly("2026-11-27T10:00:00Z orders 3/0/0", "2026-11-27T10:01:00Z orders 2/0/0",
                        "2026-11-27T10:01:00Z products 0/3/0");
        assertThat(t.changes().get(0).firstLsn()).isEqualTo("0/3000028");
        assertThat(t.from()).isEqualTo(Instant.parse("2026-11-27T10:00:59.999999Z"));
        assertThat(t.firstSuspect()).isEmpty();
    }

    @Test
    void aMassDeleteAmidSteadyTrafficIsASpikeWithTheLsnToRestoreBefore() {
        long xid = 800;
        for (int minute = 0; minute < 10; minute++) {
            for (int order = 0; order < 20; order++) {
                rows(xid, "INSERT", 16410, 2);
                rows(xid, "HOT_UPDATE", 16400, 2);
                wal.add(commit(xid++, String.format("10:%02d:%02d.000000", minute, order), ""));
            }
        }
        String firstDelete = String.format("0/%X", lsn);
        rows(xid, "DELETE", 16410, 400);
        wal.add(commit(xid++, "10:10:05.000000", ""));
        rows(xid, "HOT_UPDATE", 16400, 2);
        wal.add(commit(xid, "10:10:06.000000", ""));

        Timeline t = tally(shop());

        List<Timeline.TableMinute> spikes = t.changes().stream().filter(c -> c.spike() != null).toList();
        assertThat(spikes).hasSize(1);
        assertThat(spikes.get(0).table()).isEqualTo("order_items");
        assertThat(spikes.get(0).minute()).isEqualTo(Instant.parse("2026-11-27T10:10:00Z"));
        assertThat(spikes.get(0).spike()).startsWith("400 rows updated or deleted, usually 0 a minute");
        assertThat(spikes.get(0).restoreBefore()).isEqualTo(firstDelete);
        assertThat(t.firstSuspect().orElseThrow().restoreBeforeLsn()).isEqualTo(firstDelete);
    }

    @Test
    void truncateAndDropAreDestructiveSchemaChangesNamedByTheirTable() {
        wal.add("rmgr: Storage     len (rec/tot):     42/    42, tx:        900, lsn: 0/0152F678, prev 0/0152F648, desc: CREATE base/16384/16501");
        wal.add("rmgr: Transaction len (rec/tot):    206/   206, tx:        900, lsn: 0/0152FA00, prev 0/0152F970, desc: COMMIT 2026-11-27 11:00:00.000000 UTC;"
                + " rels: base/16384/16394; inval msgs: catcache 55 catcache 54 relcache 16390 relcache 16394");
        wal.add("rmgr: Heap        len (rec/tot):     54/    54, tx:        901, lsn: 0/01530000, prev 0/0152FA00, desc: DELETE off 3 flags 0x00 KEYS_UPDATED , blkref #0: rel 1663/16384/1259 blk 0");
        wal.add("rmgr: Transaction len (rec/tot):    206/   206, tx:        901, lsn: 0/015304B8, prev 0/01530480, desc: COMMIT 2026-11-27 11:01:00.000000 UTC;"
                + " rels: base/16384/16501 base/16384/16502; dropped stats: 2/16384/16501; inval msgs: relcache 16390");

        Timeline t = tally(shop());

        assertThat(t.schemaChanges()).extracting(s -> s.kind() + " " + s.tables() + " " + s.destructive())
                .containsExactly("TRUNCATE/REWRITE [orders, relfilenode 16394 (no longer exists)] true",
                        "DROP [orders, relfilenode 16501 (no longer exists), relfilenode 16502 (no longer exists)] true");
        assertThat(t.schemaChanges().get(0).firstLsn()).isEqualTo("0/152F678");
        assertThat(t.firstSuspect().orElseThrow().restoreBeforeLsn()).isEqualTo("0/152F678");
    }

    /** Found by bench/dr-scenarios.sh: VACUUM's free-space map of a catalogue stopped the whole timeline ("2619_fsm"). */
    @Test
    void aNewFreeSpaceMapOrVisibilityMapIsNeitherAnErrorNorASchemaChange() {
        wal.add("rmgr: Storage     len (rec/tot):     42/    42, tx:        950, lsn: 0/0152F678, prev 0/0152F648, desc: CREATE base/16384/2619_fsm");
        wal.add("rmgr: Storage     len (rec/tot):     42/    42, tx:        950, lsn: 0/0152F6A8, prev 0/0152F678, desc: CREATE base/16384/16430_vm");
        rows(950, "UPDATE", 16430, 2);
        wal.add(commit(950, "11:00:00.000000", ""));

        Timeline t = tally(shop());

        assertThat(t.schemaChanges()).isEmpty();
        assertThat(t.changes()).extracting(m -> m.table() + " " + m.updated()).containsExactly("orders 2");
    }

    @Test
    void sinceAndUntilKeepOnlyCommitsInTheWindowAndStopReadingPastIt() {
        rows(1, "INSERT", 16430, 1);
        wal.add(commit(1, "09:59:59.000000", ""));
        rows(2, "INSERT", 16430, 2);
        wal.add(commit(2, "10:00:30.000000", ""));
        rows(3, "INSERT", 16430, 4);
        wal.add(commit(3, "10:05:00.000000", ""));
        ChangeTally tally = new ChangeTally(shop(), Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T10:01:00Z"));
        boolean more = true;
        for (String line : wal) {
            more = more && tally.accept(line);
        }

        assertThat(more).as("reading stops at the first commit after --until").isFalse();
        Timeline t = tally.result(List.of());
        assertThat(t.changes()).singleElement().satisfies(c -> assertThat(c.inserted()).isEqualTo(2));
        assertThat(t.from()).isEqualTo(Instant.parse("2026-11-27T10:00:30Z"));
    }

    @Test
    void followsTheNewestTimelineAndSkipsHistoryARestoreAbandoned(@TempDir Path staging) throws Exception {
        // Timeline 2 branched off timeline 1 inside segment 5; timeline 1 went on to 7 before the restore.
        for (String name : List.of("000000010000000000000003", "000000010000000000000004", "000000010000000000000005",
                "000000010000000000000006", "000000010000000000000007", "000000020000000000000005",
                "000000020000000000000006")) {
            Files.createFile(staging.resolve(name));
        }
        Files.writeString(staging.resolve("00000002.history"), "1\t0/5000098\tafter restore\n");

        assertThat(TimelineReader.runs(staging)).containsExactly(
                new TimelineReader.Run(1, "000000010000000000000003", "000000010000000000000004", 2),
                new TimelineReader.Run(2, "000000020000000000000005", "000000020000000000000006", 2));
    }

    @Test
    void readsBothMultiInsertFormatsAndTheMedianOfTheOtherMinutes() {
        assertThat(ChangeTally.multiInsertRows("MULTI_INSERT 2 tuples flags 0x02")).isEqualTo(2);
        assertThat(ChangeTally.multiInsertRows("MULTI_INSERT ntuples: 17, flags: 0x02")).isEqualTo(17);
        assertThat(ChangeTally.medianWithout(List.of(0L, 240L, 2240L), 2240)).isEqualTo(240);
        assertThat(ChangeTally.medianWithout(List.of(240L, 2240L), 240)).isEqualTo(2240);
        assertThat(WalRecord.canonical("0/0406AA40")).isEqualTo("0/406AA40");
        assertThat(WalRecord.canonical("0/00000000")).isEqualTo("0/0");
    }
}
