package com.dhakacart.dr.retention;

import com.dhakacart.dr.catalogue.BaseBackup;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {

    private static BaseBackup backup(String id, int day, boolean verified) {
        Instant at = Instant.parse("2026-11-01T00:00:00Z").plusSeconds(86_400L * day);
        return new BaseBackup(id, 1, "0/" + Integer.toHexString((day + 2) << 24), "0/1", at, at, 10, 5, verified,
                "1", "15", List.of("base.tar"));
    }

    @Test
    void keepsTheNewestFullBackups() {
        List<BaseBackup> backups = List.of(backup("a", 1, true), backup("b", 2, true), backup("c", 3, true));
        assertThat(Retention.keep(backups, 2)).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void neverDeletesTheOnlyVerifiedBackup() {
        List<BaseBackup> backups = List.of(backup("a", 1, true), backup("b", 2, false), backup("c", 3, false));
        assertThat(Retention.keep(backups, 1)).containsExactlyInAnyOrder("c", "a");
    }

    @Test
    void keepsAtLeastOneEvenWhenConfiguredToKeepNone() {
        assertThat(Retention.keep(List.of(backup("a", 1, true)), 0)).containsExactly("a");
    }
}
