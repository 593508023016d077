package com.dhakacart.dr.drill;

import com.dhakacart.dr.catalogue.Catalogue;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A drill's report: every rehearsed scenario with its checks. It succeeded only if at least one scenario
 * ran and every one passed. Kept in {@code $DHAKACART_HOME/dr/last-drill.json} (the agent publishes it as
 * metrics) and {@code last-drill.md} (for people), with dated copies under {@code drills/}.
 */
public record DrillResult(boolean success, Instant at, List<ScenarioResult> scenarios) {

    static final String FILE = "last-drill.json";
    static final String MARKDOWN = "last-drill.md";
    private static final int HISTORY = 100;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    static DrillResult of(Instant at, List<ScenarioResult> scenarios) {
        boolean success = !scenarios.isEmpty() && scenarios.stream().allMatch(ScenarioResult::passed);
        return new DrillResult(success, at, List.copyOf(scenarios));
    }

    /** The database-loss restore time, the one the agent publishes; 0 when it did not run or restore. */
    @JsonIgnore
    public double rtoSeconds() {
        return dbLoss().map(ScenarioResult::rtoSeconds).orElse(0.0);
    }

    /** Acknowledged orders the database-loss restore lacked; -1 when they could not be compared. */
    @JsonIgnore
    public long rpoOrders() {
        return dbLoss().map(ScenarioResult::rpoOrders).orElse(-1L);
    }

    /** The first failed check as one line, or null when the drill passed. */
    @JsonIgnore
    public String problem() {
        if (success) {
            return null;
        }
        return scenarios.stream().flatMap(s -> s.checks().stream().filter(c -> !c.passed())
                        .map(c -> s.scenario() + ": " + c.name() + ": " + c.detail()))
                .findFirst().orElse("no scenario ran");
    }

    private Optional<ScenarioResult> dbLoss() {
        return scenarios.stream().filter(s -> s.scenario().equals(DatabaseLoss.NAME) && s.rtoSeconds() != null)
                .findFirst();
    }

    /** The report for people: one table row per scenario, then every check. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Restore drill ").append(at).append(": ").append(success ? "PASSED" : "FAILED").append("\n\n");
        md.append("| scenario | result | RTO (s) | RPO (orders lost) | backup | database size |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (ScenarioResult s : scenarios) {
            md.append("| ").append(s.scenario()).append(" | ").append(s.passed() ? "passed" : "**FAILED**")
                    .append(" | ").append(s.rtoSeconds() == null ? "-" : String.format("%.1f", s.rtoSeconds()))
                    .append(" | ").append(s.rpoOrders() < 0 ? "not measured" : s.rpoOrders())
                    .append(" | ").append(s.backupId() == null ? "-" : s.backupId())
                    .append(" | ").append(s.databaseBytes() == null ? "-" : megabytes(s.databaseBytes()))
                    .append(" |\n");
        }
        for (ScenarioResult s : scenarios) {
            md.append("\n## ").append(s.scenario()).append("\n\n");
            for (Check c : s.checks()) {
                md.append("- ").append(c.passed() ? "ok" : "**FAILED**").append(" ").append(c.name()).append(": ")
                        .append(c.detail()).append("\n");
            }
        }
        return md.toString();
    }

    private static String megabytes(long bytes) {
        return String.format("%.0f MB", bytes / 1_000_000.0);
    }

    public void save(Path stateDir) throws IOException {
        Path history = stateDir.resolve("drills");
        Files.createDirectories(history);
        String stamp = STAMP.format(at);
        Catalogue.JSON.writerWithDefaultPrettyPrinter().writeValue(history.resolve(stamp + ".json").toFile(), this);
        Files.writeString(history.resolve(stamp + ".md"), markdown(), StandardCharsets.UTF_8);
        replace(history.resolve(stamp + ".json"), stateDir.resolve(FILE));
        replace(history.resolve(stamp + ".md"), stateDir.resolve(MARKDOWN));
        try (Stream<Path> files = Files.list(history)) {
            List<Path> old = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            for (Path json : old.subList(0, Math.max(0, old.size() - HISTORY))) {
                Files.deleteIfExists(json);
                Files.deleteIfExists(Path.of(json.toString().replaceAll("\\.json$", ".md")));
            }
        }
    }

    private static void replace(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<DrillResult> last(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            DrillResult result = Catalogue.JSON.readValue(file.toFile(), DrillResult.class);
            return Optional.ofNullable(result.scenarios() == null ? null : result);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
