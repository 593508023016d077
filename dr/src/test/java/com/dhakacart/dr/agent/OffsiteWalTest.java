package com.dhakacart.dr.agent;

import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.local.LocalStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsiteWalTest {

    static final Instant NOON = Instant.parse("2026-11-27T06:00:00Z");

    @TempDir
    Path dir;

    @Test
    void reportsNoLagWhenTheOffsiteCopyHoldsTheNewestWalTheReceiverWrote() throws Exception {
        Path spool = spoolWith("000000010000000000000003.partial", NOON);
        try (LocalStore offsite = new LocalStore(dir.resolve("s3"))) {
            stored(offsite, "files/partial/000000010000000000000003.partial.1", NOON.plusSeconds(4));

            assertThat(OffsiteWal.lagSeconds(List.of(offsite), spool)).isZero();
        }
    }

    @Test
    void reportsHowLongTheReceiverKeptWritingAfterTheLastWalReachedTheOffsiteRepository() throws Exception {
        Path spool = spoolWith("000000010000000000000003.partial", NOON.plusSeconds(600));
        try (LocalStore offsite = new LocalStore(dir.resolve("s3"))) {
            stored(offsite, "files/wal/000000010000000000000002", NOON);
            stored(offsite, "files/partial/000000010000000000000003.partial.1", NOON.minusSeconds(30));
            // Another log file's newer object does not count: it is not this WAL.
            stored(offsite, "files/wal/000000010000000100000001", NOON.plusSeconds(900));

            assertThat(OffsiteWal.lagSeconds(List.of(offsite), spool)).isEqualTo(600);
        }
    }

    @Test
    void takesTheWorstOfSeveralOffsiteRepositories() throws Exception {
        Path spool = spoolWith("000000010000000000000003.partial", NOON.plusSeconds(120));
        try (LocalStore current = new LocalStore(dir.resolve("s3-a")); LocalStore behind = new LocalStore(dir.resolve("s3-b"))) {
            stored(current, "files/partial/000000010000000000000003.partial.9", NOON.plusSeconds(120));
            stored(behind, "files/wal/000000010000000000000002", NOON);

            assertThat(OffsiteWal.lagSeconds(List.of(current, behind), spool)).isEqualTo(120);
        }
    }

    @Test
    void countsAnOffsiteRepositoryWithNoWalOfTheCurrentLogFileAsFarBehind() throws Exception {
        Path spool = spoolWith("000000020000000000000001.partial", NOON);
        try (LocalStore offsite = new LocalStore(dir.resolve("s3"))) {
            assertThat(OffsiteWal.lagSeconds(List.of(offsite), spool)).isGreaterThan(50L * 365 * 24 * 3600);
        }
    }

    @Test
    void reportsNothingBehindWhenTheSpoolHoldsNoWal() throws Exception {
        try (LocalStore offsite = new LocalStore(dir.resolve("s3"))) {
            assertThat(OffsiteWal.lagSeconds(List.of(offsite), Files.createDirectories(dir.resolve("empty")))).isZero();
        }
    }

    @Test
    void countsOnlyS3RepositoriesAsOffsite() {
        List<BackupStore> stores = OffsiteWal.stores(List.of(URI.create("file:///var/backups"),
                URI.create("s3://bucket/dhakacart?endpoint=http://127.0.0.1:1&region=us-east-1")), Map.of());

        assertThat(stores).hasSize(1).allSatisfy(store -> assertThat(store.describe()).startsWith("s3://bucket"));
    }

    private Path spoolWith(String name, Instant written) throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.setLastModifiedTime(Files.write(spool.resolve(name), new byte[] {1}), FileTime.from(written));
        return spool;
    }

    private static void stored(LocalStore store, String key, Instant at) throws Exception {
        store.put(key, new java.io.ByteArrayInputStream(new byte[] {1}), 1);
        Files.setLastModifiedTime(store.root().resolve(key), FileTime.from(at));
    }
}
