package com.dhakacart.dr.restore;

import com.dhakacart.dr.settings.ScratchShop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore --delta} on the data directory of a shop after a bad change: the state of the backup comes
 * back, only what differs is written, and what the backup does not hold (a dropped-in file) is gone.
 */
@Tag("scenario")
class DeltaRestoreIT {

    @Test
    void aDeltaRestoreUndoesABadChangeWritingOnlyWhatDiffers() throws Exception {
        try (ScratchShop shop = new ScratchShop("dr-delta")) {
            try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
                for (int i = 0; i < 40; i++) {
                    shop.insertOrder(c, "nusrat.jahan" + i + "@example.com");
                }
            }
            TreeSet<Long> atBackup = shop.orderIds(shop.postgres.port());
            ScratchShop.Cli backup = shop.cli("backup");
            assertThat(backup.code()).as(backup.toString()).isZero();
            Matcher id = Pattern.compile("backup (\\S+) stored").matcher(backup.out());
            assertThat(id.find()).as(backup.out()).isTrue();

            // The bad change: orders deleted, others written after the backup; then the server goes down and
            // something that is no part of PostgreSQL is left in its directory.
            try (Connection c = shop.postgres.connect(ScratchShop.DATABASE); Statement s = c.createStatement()) {
                shop.insertOrder(c, "late.order@example.com");
                s.execute("DELETE FROM orders WHERE id IN (SELECT id FROM orders ORDER BY id LIMIT 5)");
                s.execute("CHECKPOINT");
            }
            assertThat(shop.orderIds(shop.postgres.port())).isNotEqualTo(atBackup);
            shop.postgres.kill();
            Path stray = Files.writeString(shop.dataDir().resolve("README-your-files-are-encrypted.txt"), "pay us\n");
            Path pgVersion = shop.dataDir().resolve("PG_VERSION");
            long untouchedSince = Files.getLastModifiedTime(pgVersion).toMillis();

            ScratchShop.Cli restore = shop.cli("restore", "--backup", id.group(1), "--delta");
            assertThat(restore.code()).as(restore.toString()).isZero();
            Matcher delta = Pattern.compile("(\\d+) files unchanged, (\\d+) rewritten in part, (\\d+) added, (\\d+) deleted:"
                    + " wrote ([0-9.]+) MiB of ([0-9.]+) MiB").matcher(restore.err());
            assertThat(delta.find()).as(restore.err()).isTrue();
            ScratchShop.log("delta restore: " + delta.group());
            assertThat(Integer.parseInt(delta.group(1))).as("files unchanged").isGreaterThan(500);
            assertThat(Integer.parseInt(delta.group(2))).as("files rewritten in part").isPositive();
            assertThat(Integer.parseInt(delta.group(4))).as("files deleted").isPositive();
            // Beside the WAL segment of the backup (16 MiB, which the directory held no more), a few blocks.
            assertThat(Double.parseDouble(delta.group(5))).isLessThan(Double.parseDouble(delta.group(6)) / 2);

            assertThat(shop.orderIds(shop.postgres.port())).isEqualTo(atBackup);
            assertThat(stray).doesNotExist();
            assertThat(Files.getLastModifiedTime(pgVersion).toMillis()).as("an unchanged file is not rewritten")
                    .isEqualTo(untouchedSince);
            try (var siblings = Files.list(shop.dataDir().getParent())) {
                assertThat(siblings.map(p -> p.getFileName().toString()))
                        .as("no staging directory or moved-aside copy is left").noneMatch(n -> n.contains("restoring")
                                || n.contains("before-restore"));
            }
        }
    }
}
