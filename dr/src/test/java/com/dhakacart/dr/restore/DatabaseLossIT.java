package com.dhakacart.dr.restore;

import com.dhakacart.dr.agent.Agent;
import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.settings.ScratchShop;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.PostgresServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook scenario 1 (complete database loss) and its relatives, with real processes: one scratch
 * cluster protected by the DR agent, which the last two tests destroy with SIGKILL and a deleted data
 * directory. Slow by nature (one to two minutes, so in the scenario tier): it restores PostgreSQL five times.
 */
@Tag("scenario")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseLossIT {

    private ScratchShop shop;
    private Vault vault;
    private Agent agent;
    private int metricsPort;

    @BeforeAll
    void protectAShop() throws Exception {
        shop = new ScratchShop("dr-loss");
        vault = Repositories.open(shop.settings(), true, ScratchShop::log);
        agent = new Agent(shop.dr(), vault, line -> ScratchShop.log("agent: " + line)).start(metricsPort = LocalProcesses.freePort());
        awaitTrue("the first base backup and synchronous streaming", Duration.ofSeconds(90),
                () -> agent.lastBackup().isPresent() && agent.replication().synchronous());
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (vault != null) {
            vault.close();
        }
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    @Order(1)
    void restoresExactlyTheOrdersCommittedBeforeTheTargetTime() throws Exception {
        List<Long> before = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
            for (int i = 0; i < 25; i++) {
                before.add(shop.insertOrder(c, "before" + i + "@example.com"));
            }
            Thread.sleep(1200);
            Instant target = Instant.now();
            Thread.sleep(1200);
            for (int i = 0; i < 25; i++) {
                after.add(shop.insertOrder(c, "after" + i + "@example.com"));
            }
            int port = LocalProcesses.freePort();
            Path side = shop.home.resolve("side-by-side");
            ScratchShop.Cli cli = shop.cli("restore", "--to-time", target.toString(), "--target-dir", side.toString(),
                    "--port", String.valueOf(port), "--json");
            assertThat(cli.code()).as(cli.toString()).isZero();
            JsonNode result = Catalogue.JSON.readTree(cli.out());
            assertThat(result.path("port").asInt()).isEqualTo(port);
            PostgresServer restored = PostgresServer.existing(side, port);
            try {
                TreeSet<Long> ids = shop.orderIds(port);
                assertThat(ids).containsAll(before).doesNotContainAnyElementsOf(after);
                assertThat(shop.orderIds(shop.postgres.port())).containsAll(before).containsAll(after);
            } finally {
                restored.stop();
            }
        }
    }

    /**
     * "Restore to now" after the last commit: PostgreSQL ends recovery with FATAL ("recovery ended before
     * configured recovery target was reached") because no commit is at or after the target. The state at
     * that time is the last commit; the restore replays to the end and says so, instead of waiting two
     * hours for a server that stopped.
     */
    @Test
    @Order(2)
    void aTargetTimeAfterTheLastCommitRestoresTheLatestState() throws Exception {
        List<Long> placed = new ArrayList<>();
        try (Connection c = shop.postgres.connect(ScratchShop.DATABASE)) {
            for (int i = 0; i < 5; i++) {
                placed.add(shop.insertOrder(c, "latest" + i + "@example.com"));
            }
        }
        Instant future = Instant.now().plusSeconds(120);
        int port = LocalProcesses.freePort();
        Path side = shop.home.resolve("side-after-last-commit");
        ScratchShop.Cli cli = shop.cli("restore", "--to-time", future.toString(), "--target-dir", side.toString(),
                "--port", String.valueOf(port));
        assertThat(cli.code()).as(cli.toString()).isZero();
        assertThat(cli.err()).contains("no commit at or after " + future).contains("replaying to the end");
        PostgresServer restored = PostgresServer.existing(side, port);
        try {
            assertThat(shop.orderIds(port)).containsAll(placed);
        } finally {
            restored.stop();
        }
    }

    @Test
    @Order(4)
    void listAndStatusDescribeTheRepositoryForMachines() throws Exception {
        ScratchShop.Cli list = shop.cli("list", "--json");
        assertThat(list.code()).as(list.toString()).isZero();
        JsonNode catalogue = Catalogue.JSON.readTree(list.out());
        assertThat(catalogue.path("backups").size()).isGreaterThanOrEqualTo(1);
        JsonNode backup = catalogue.path("backups").get(0);
        assertThat(backup.path("verified").asBoolean()).isTrue();
        assertThat(backup.path("startLsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(Instant.parse(catalogue.path("recoverableWindow").path("from").asText()))
                .isBefore(Instant.parse(catalogue.path("recoverableWindow").path("to").asText()));

        ScratchShop.Cli status = shop.cli("status", "--json");
        assertThat(status.code()).as(status.toString()).isZero();
        JsonNode json = Catalogue.JSON.readTree(status.out());
        assertThat(json.path("protected").asBoolean()).isTrue();
        assertThat(json.path("wal").path("streaming").asBoolean()).isTrue();
        assertThat(json.path("wal").path("synchronous").asBoolean()).isTrue();
        assertThat(json.path("repository").path("healthy").asBoolean()).isTrue();
        assertThat(json.path("lastBackup").path("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    @Order(5)
    void aTamperedBackupIsDetectedByVerifyAndRefusedByRestoreWithNothingOverwritten() throws Exception {
        BaseBackup latest = Catalogue.read(vault, shop.settings().workDir()).latest().orElseThrow();
        // PostgreSQL 15 compresses the copy itself (zstd): the backup holds base.tar.zst.
        assertThat(latest.files()).contains("base.tar.zst").doesNotContain("base.tar");
        String tar = "base.tar.zst";
        Path stored;
        try (var files = Files.walk(shop.home.resolve("backups"))) {
            stored = files.filter(p -> p.toString().endsWith(latest.key(tar))).findFirst().orElseThrow();
        }
        Path original = shop.home.resolve("base.tar.original");
        Files.copy(stored, original, StandardCopyOption.REPLACE_EXISTING);
        Path target = shop.home.resolve("precious");
        Files.createDirectories(target);
        Files.writeString(target.resolve("PG_VERSION"), "15\n");
        try {
            // Truncate the stored base backup to half its size, as a failing disk or a cut upload would.
            byte[] bytes = Files.readAllBytes(original);
            Files.write(stored, java.util.Arrays.copyOf(bytes, bytes.length / 2));

            ScratchShop.Cli verify = shop.cli("verify");
            assertThat(verify.code()).as(verify.toString()).isEqualTo(3);
            List<String> errors = verify.err().lines().filter(l -> l.startsWith("dhakacart dr")).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).contains(latest.key(tar)).contains("corrupted");

            ScratchShop.Cli restore = shop.cli("restore", "--latest", "--target-dir", target.toString(),
                    "--port", String.valueOf(LocalProcesses.freePort()), "--force");
            assertThat(restore.code()).as(restore.toString()).isEqualTo(3);
            assertThat(restore.err().lines().filter(l -> l.startsWith("dhakacart dr")).toList()).hasSize(1);
            try (var entries = Files.list(target)) {
                assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("PG_VERSION");
            }
            assertThat(Files.readString(target.resolve("PG_VERSION"))).isEqualTo("15\n");

            // One flipped byte keeps the size, so the repository's index cannot tell: the restore, which
            // unpacks as it decrypts, finds it mid-stream. What it unpacked so far is thrown away.
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(stored, bytes);
            ScratchShop.Cli flipped = shop.cli("restore", "--latest", "--target-dir", target.toString(),
                    "--port", String.valueOf(LocalProcesses.freePort()), "--force");
            assertThat(flipped.code()).as(flipped.toString()).isEqualTo(3);
            assertThat(flipped.err()).contains(latest.key(tar)).contains("corrupted");
            try (var entries = Files.list(target)) {
                assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("PG_VERSION");
            }
            try (var beside = Files.list(target.getParent())) {
                assertThat(beside.map(p -> p.getFileName().toString()).toList()).as("no half-unpacked copy left beside the target")
                        .noneMatch(name -> name.contains(".restoring-"));
            }
        } finally {
            Files.copy(original, stored, StandardCopyOption.REPLACE_EXISTING);
        }

        java.util.Map<String, String> wrongKey = new java.util.HashMap<>(shop.env);
        wrongKey.put("DR_KEY_FILE", shop.home.resolve("other.key").toString());
        com.dhakacart.dr.crypto.KeyFiles.generate(shop.home.resolve("other.key"));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = com.dhakacart.dr.cli.DrMain.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), wrongKey,
                "restore", "--latest", "--target-dir", target.toString(), "--force");
        assertThat(code).as(err.toString()).isEqualTo(4);
        assertThat(err.toString().lines().filter(l -> l.startsWith("dhakacart dr")).toList()).hasSize(1);
        assertThat(Files.readString(target.resolve("PG_VERSION"))).isEqualTo("15\n");
    }

    @Test
    @Order(6)
    void aRestoreThePostgresUserCouldNotReadIsRefusedBeforeTouchingTheTarget() throws Exception {
        // Only as root does the server run as another user than we do.
        org.junit.jupiter.api.Assumptions.assumeTrue(LocalProcesses.isRoot());
        Path privateHome = shop.home.resolve("private-home");
        Files.createDirectories(privateHome);
        Files.setPosixFilePermissions(privateHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        java.util.Map<String, String> env = new java.util.HashMap<>(shop.env);
        env.put("DHAKACART_HOME", privateHome.toString());
        env.put("DR_REPOSITORIES", shop.home.resolve("backups").toUri().toString());
        env.put("DR_KEY_FILE", shop.home.resolve("keys/backup.key").toString());
        env.put("DR_SPOOL", shop.home.resolve("dr/spool").toString());
        Path target = shop.home.resolve("never-written");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = com.dhakacart.dr.cli.DrMain.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), env,
                "restore", "--latest", "--target-dir", target.toString(), "--port", String.valueOf(LocalProcesses.freePort()));
        assertThat(code).as(err.toString()).isEqualTo(7);
        assertThat(err.toString()).contains("user cannot read").contains("chmod o+x");
        assertThat(target).doesNotExist();
    }

    @Test
    @Order(7)
    void synchronousModeLosesNoAcknowledgedOrderWhenTheDatabaseIsDestroyed() throws Exception {
        assertThat(agent.replication().synchronous()).isTrue();
        OrderWriter writer = new OrderWriter(shop);
        Thread.sleep(3000);
        long killing = System.nanoTime();
        shop.postgres.kill();
        // The SIGKILL is instant; the harness then waits for the processes to be reaped (seconds, polled).
        long killedAt = System.nanoTime();
        writer.stop();
        BaseBackups.deleteTree(shop.dataDir());

        RestoreResult result = new Restorer(shop.dr(), vault).restore(new RestoreRequest(shop.dataDir(),
                shop.postgres.port(), null, false, false), line -> ScratchShop.log("restore: " + line));
        TreeSet<Long> present = shop.orderIds(shop.postgres.port());
        double rto = (System.nanoTime() - killedAt) / 1e9;
        writer.close();
        NavigableMap<Long, Long> acknowledged = writer.acknowledged;
        List<Long> lost = acknowledged.keySet().stream().filter(id -> !present.contains(id)).toList();
        System.out.printf("SCENARIO 1 (synchronous): %d orders acknowledged before SIGKILL, %d lost (RPO),"
                        + " RTO %.1f s (postmaster dead -> restored server accepting queries; restore %.1f s of which"
                        + " fetch %.1f s, replay %.1f s; reaping the killed processes took another %.1f s),"
                        + " unfinished segment replayed: %s%n",
                acknowledged.size(), lost.size(), rto, result.totalMillis() / 1000.0, result.fetchMillis() / 1000.0,
                result.replayMillis() / 1000.0, (killedAt - killing) / 1e9, result.partialReplayed());
        assertThat(acknowledged).hasSizeGreaterThan(20);
        assertThat(lost).as("acknowledged orders lost").isEmpty();
        assertThat(result.timeline()).isGreaterThan(1);

        // The agent, still running, streams from the restored server and makes commits synchronous again.
        awaitTrue("synchronous streaming after the restore", Duration.ofSeconds(30),
                () -> agent.replication().synchronous());
        // ... and takes a base backup of the new timeline at once.
        awaitTrue("a base backup of the restored server", Duration.ofSeconds(60), () -> {
            try {
                return Catalogue.read(vault, shop.settings().workDir()).latest().orElseThrow().timeline()
                        == result.timeline();
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    @Order(8)
    void asynchronousModeReportsHowManySecondsOfOrdersWereLost() throws Exception {
        OrderWriter writer = new OrderWriter(shop);
        Thread.sleep(1500);
        // The receiver goes away (the agent stops) while the shop keeps selling, asynchronously.
        long closing = System.nanoTime();
        agent.close();
        long receiverStoppedAt = System.nanoTime();
        Thread.sleep(2000);
        long killing = System.nanoTime();
        shop.postgres.kill();
        writer.close();
        BaseBackups.deleteTree(shop.dataDir());

        // This time through the command line, in place with its defaults (DR_PGDATA on DR_PG_PORT).
        ScratchShop.Cli restore = shop.cli("restore", "--latest", "--json");
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(Catalogue.JSON.readTree(restore.out()).path("targetDir").asText())
                .isEqualTo(shop.dataDir().toAbsolutePath().toString());
        TreeSet<Long> present = shop.orderIds(shop.postgres.port());
        NavigableMap<Long, Long> acknowledged = writer.acknowledged;
        long newestRestored = acknowledged.keySet().stream().filter(present::contains).max(Long::compare).orElseThrow();
        List<Long> lost = acknowledged.keySet().stream().filter(id -> !present.contains(id)).toList();
        double lostSeconds = (writer.lastAckNanos() - acknowledged.get(newestRestored)) / 1e9;
        System.out.printf("SCENARIO 1 (asynchronous, receiver down): %d orders acknowledged, %d lost, covering the"
                + " last %.2f s before the crash%n", acknowledged.size(), lost.size(), lostSeconds);

        // Consistent report: what survived is exactly a prefix of the acknowledged orders, and what was lost
        // is what was acknowledged after the receiver stopped.
        assertThat(lost).isNotEmpty();
        assertThat(lost).allMatch(id -> id > newestRestored);
        assertThat(acknowledged.get(newestRestored)).isLessThanOrEqualTo(receiverStoppedAt);
        // Everything acknowledged in the 2 s after the receiver was gone is lost, and nothing from before the
        // agent began to stop.
        assertThat(lostSeconds).isGreaterThan(1.5).isLessThan((killing - closing) / 1e9 + 0.5);
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
