package com.dhakacart.dr.restore;

import com.dhakacart.dr.catalogue.BaseBackup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WalStagingTest {

    @TempDir
    Path staging;

    private static final BaseBackup BACKUP = new BaseBackup("b", 1, "0/2000028", "0/2000100", Instant.EPOCH,
            Instant.EPOCH, 1, 1, true, "1", "15", List.of());

    @Test
    void aHoleInTheArchivedWalIsNamed() throws Exception {
        for (String name : List.of("000000010000000000000002", "000000010000000000000003", "000000010000000000000005")) {
            Files.writeString(staging.resolve(name), "x");
        }
        assertThat(WalStaging.firstGap(staging, BACKUP)).isEqualTo("000000010000000000000004");
    }

    @Test
    void segmentsOfALaterTimelineCloseTheHole() throws Exception {
        for (String name : List.of("000000010000000000000003", "000000020000000000000004", "000000020000000000000005",
                "00000002.history")) {
            Files.writeString(staging.resolve(name), "x");
        }
        assertThat(WalStaging.firstGap(staging, BACKUP)).isNull();
    }
}
