package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.crypto.KeyFiles;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's contract: exit codes, help, JSON shapes and one-line errors, without any server. */
class DrMainTest {

    @TempDir
    Path home;

    record Run(int code, String out, String err) {
        List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("dhakacart dr")).toList();
        }
    }

    private Run run(Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("DHAKACART_HOME", home.toString());
        env.put("DR_PG_PORT", "1"); // nothing listens there: PostgreSQL is "down"
        env.putAll(extra);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DrMain.run(new PrintWriter(out), new PrintWriter(err), env, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommandsTheExitCodesAndTheEnvironment() {
        Run help = run(Map.of(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("backup", "list", "verify", "restore", "status", "agent")
                .contains("Exit codes:").contains("3   a backup file is corrupted")
                .contains("DR_REPOSITORIES").contains("DR_KEY_FILE").contains("DR_METRICS_PORT");
        Run restoreHelp = run(Map.of(), "restore", "--help");
        assertThat(restoreHelp.out()).contains("--to-time=T").contains("--target-dir=D").contains("Exit codes:")
                .contains("7   refused");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run run = run(Map.of(), "frobnicate");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errorLines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void restoreNeedsEitherLatestOrAPointInTime() {
        assertThat(run(Map.of(), "restore").code()).isEqualTo(2);
        assertThat(run(Map.of(), "restore", "--latest", "--to-time", "2026-11-27T01:00:00Z").code()).isEqualTo(2);
    }

    @Test
    void anUnreadableTargetTimeIsOneClearLine() {
        Run run = run(Map.of(), "restore", "--to-time", "yesterday-ish");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errorLines()).containsExactly(
                "dhakacart dr restore: --to-time 'yesterday-ish' is not a time like 2026-11-27T01:30:00Z");
        assertThat(run.err()).doesNotContain("at com.dhakacart");
    }

    @Test
    void withoutAKeyReadersSayWhatIsMissingAndChangeNothing() {
        Run run = run(Map.of(), "list");
        assertThat(run.code()).isEqualTo(4);
        assertThat(run.errorLines()).hasSize(1);
        assertThat(run.errorLines().get(0)).contains("no backup key").contains("backup.key");
        assertThat(home.resolve("keys/backup.key")).doesNotExist();
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = run(Map.of(), "list", "-v");
        assertThat(run.code()).isEqualTo(4);
        assertThat(run.err()).contains("at com.dhakacart.dr");
    }

    @Test
    void anEmptyRepositoryListsAsJsonWithNoWindow() throws Exception {
        KeyFiles.generate(home.resolve("keys/backup.key"));
        Run run = run(Map.of(), "list", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = Catalogue.JSON.readTree(run.out());
        assertThat(json.path("backups").isArray()).isTrue();
        assertThat(json.path("backups").size()).isZero();
        assertThat(json.path("wal").path("segments").asInt()).isZero();
        assertThat(json.path("recoverableWindow").path("from").isNull()).isTrue();
        assertThat(json.path("repository").asText()).contains(home.resolve("backups").toString());
    }

    @Test
    void statusReportsAnUnprotectedShopWithExitCode8() throws Exception {
        KeyFiles.generate(home.resolve("keys/backup.key"));
        Run run = run(Map.of(), "status", "--json");
        assertThat(run.code()).isEqualTo(8);
        JsonNode json = Catalogue.JSON.readTree(run.out());
        assertThat(json.path("protected").asBoolean()).isFalse();
        assertThat(json.path("wal").path("postgresReachable").asBoolean()).isFalse();
        assertThat(json.path("lastBackup").path("id").isNull()).isTrue();
        assertThat(json.path("repository").path("healthy").asBoolean()).isTrue();
    }

    @Test
    void aBackupWithPostgresDownFailsInOneLineWithExitCode6() {
        Run run = run(Map.of(), "backup");
        assertThat(run.code()).isEqualTo(6);
        assertThat(run.errorLines()).hasSize(1);
        assertThat(run.errorLines().get(0)).contains("cannot connect to PostgreSQL at 127.0.0.1:1");
    }

    @Test
    void aMalformedSettingIsAUsageError() {
        Run run = run(Map.of("DR_PG_PORT", "fivefour"), "status");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errorLines()).containsExactly("dhakacart dr status: DR_PG_PORT must be a whole number, got 'fivefour'");
    }

    @Test
    void aMetricsAddressThatIsNotAnIpIsAUsageError() {
        // A host name would be looked up in DNS at every start; the agent accepts IP literals only.
        Run run = run(Map.of("DR_METRICS_ADDRESS", "metrics.example"), "status");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errorLines()).containsExactly("dhakacart dr status: DR_METRICS_ADDRESS must be an IP address"
                + " such as 127.0.0.1 or 0.0.0.0, got 'metrics.example'");
    }
}
