package com.dhakacart.dr.drill;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes a drill pass, and how restored orders are compared: by id and total, never by a maximum id. */
class DrillReportTest {

    @Test
    void aRestoredCopyMissingOneOrderOrHoldingAnotherTotalLosesThemEvenWhenItHasNewerOrders() {
        Map<String, BigDecimal> acknowledged = Map.of("DC7K2M9QX4", new BigDecimal("27998.00"),
                "DCA1B2C3D4", new BigDecimal("2450.50"), "DCZZ99YY88", new BigDecimal("120.00"));
        Map<String, BigDecimal> restored = Map.of("DC7K2M9QX4", new BigDecimal("27998.0"),
                "DCA1B2C3D4", new BigDecimal("0.00"), "DCNEWER001", new BigDecimal("999.00"));

        OrderBook.Comparison comparison = OrderBook.compare(acknowledged, restored);

        assertThat(comparison.missing()).containsExactly("DCZZ99YY88");
        assertThat(comparison.changed()).containsExactly("DCA1B2C3D4");
        assertThat(comparison.lost()).isEqualTo(2);
        assertThat(comparison.describe()).startsWith("2 of 3 acknowledged orders missing or changed");
    }

    @Test
    void everyAcknowledgedOrderPresentWithItsTotalIsNoLoss() {
        OrderBook.Comparison comparison = OrderBook.compare(Map.of("DC1", new BigDecimal("10.00")),
                Map.of("DC1", new BigDecimal("10.00"), "DC2", new BigDecimal("5.00")));
        assertThat(comparison.lost()).isZero();
        assertThat(comparison.describe()).isEqualTo("all 1 acknowledged orders restored with their totals (+1 placed while the drill ran)");
    }

    @Test
    void aDrillPassesOnlyWhenEveryCheckOfEveryScenarioPassed() {
        ScenarioResult good = ScenarioResult.of("db-loss", 3.2, 0, "20261127T101500Z", 48_000_000L,
                List.of(Check.passed("restore", "ok"), Check.passed("orders", "all 30")));
        ScenarioResult oneFailed = ScenarioResult.of("db-loss", 3.2, -1, "20261127T101500Z", 48_000_000L,
                List.of(Check.passed("restore", "ok"), Check.failed("orders", "could not read the live orders")));

        assertThat(DrillResult.of(Instant.now(), List.of(good)).success()).isTrue();
        DrillResult failed = DrillResult.of(Instant.now(), List.of(good, oneFailed));
        assertThat(failed.success()).isFalse();
        assertThat(failed.problem()).isEqualTo("db-loss: orders: could not read the live orders");
        assertThat(failed.rpoOrders()).isZero();
    }

    @Test
    void nothingCheckedIsNotAPass() {
        assertThat(ScenarioResult.of("db-loss", null, -1, null, null, List.of()).passed()).isFalse();
        DrillResult none = DrillResult.of(Instant.now(), List.of());
        assertThat(none.success()).isFalse();
        assertThat(none.problem()).isEqualTo("no scenario ran");
        assertThat(none.rpoOrders()).isEqualTo(-1);
    }

    @Test
    void theNewHostRehearsalRestoresOnlyFromRepositoriesThatWouldSurviveTheMachine() {
        java.util.Map<String, String> env = java.util.Map.of("DHAKACART_HOME", "/srv/shop",
                "DR_REPOSITORIES", "file:///srv/shop/backups,/mnt/nas/dhakacart,s3://offsite/shop?endpoint=http://127.0.0.1:9000");
        com.dhakacart.dr.settings.DrSettings settings = com.dhakacart.dr.settings.DrSettings.fromEnvironment(env);

        assertThat(NewHost.offsite(settings)).extracting(java.net.URI::toString)
                .containsExactly("file:///mnt/nas/dhakacart", "s3://offsite/shop?endpoint=http://127.0.0.1:9000");
        ScenarioResult onlyLocal = new NewHost(new com.dhakacart.dr.settings.Postgres(
                com.dhakacart.dr.settings.DrSettings.fromEnvironment(java.util.Map.of("DHAKACART_HOME", "/srv/shop"))),
                java.util.Map.of()).rehearse(line -> { });
        assertThat(onlyLocal.passed()).isFalse();
        assertThat(onlyLocal.checks()).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("no repository outside /srv/shop").contains("s3://"));
    }

    @Test
    void aSavedFailedDrillReadsBackAsFailedSoTheAgentWaitsBeforeTheNextOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path state)
            throws Exception {
        DrillResult failed = DrillResult.of(Instant.parse("2026-11-27T10:15:00Z"), List.of(
                ScenarioResult.of("db-loss", 4.5, -1, "20261127T101500Z", 48_000_000L,
                        List.of(Check.passed("restore", "ok"), Check.failed("orders", "relation \"orders\" does not exist")))));
        failed.save(state);

        DrillResult read = DrillResult.last(state).orElseThrow();
        assertThat(read).isEqualTo(failed);
        assertThat(read.success()).isFalse();
        assertThat(read.rtoSeconds()).isEqualTo(4.5);
        assertThat(java.nio.file.Files.readString(state.resolve("last-drill.md"))).contains("| db-loss | **FAILED** |");
    }

    @Test
    void theMarkdownReportHasOneTableRowPerScenario() {
        DrillResult drill = DrillResult.of(Instant.parse("2026-11-27T10:15:00Z"), List.of(
                ScenarioResult.of("db-loss", 3.25, 0, "20261127T101500Z", 48_000_000L, List.of(Check.passed("orders", "all 30"))),
                ScenarioResult.of("new-host", null, -1, null, null, List.of(Check.failed("off-site", "no repository outside")))));
        assertThat(drill.markdown())
                .contains("# Restore drill 2026-11-27T10:15:00Z: FAILED")
                .contains("| db-loss | passed | 3.3 | 0 | 20261127T101500Z | 48 MB |")
                .contains("| new-host | **FAILED** | - | not measured | - | - |")
                .contains("- **FAILED** off-site: no repository outside");
    }
}
