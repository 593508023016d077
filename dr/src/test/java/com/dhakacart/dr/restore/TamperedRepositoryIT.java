package com.dhakacart.dr.restore;

import com.dhakacart.dr.agent.Agent;
import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.settings.ScratchShop;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbook scenario 3's repository half (ransomware): a shop with 20 acknowledged orders whose machine
 * and spool are gone, and a repository someone tampered with. A deleted, swapped or rolled-back object
 * and a hole in the WAL each make {@code dr restore} fail with exit 3 and a line naming the problem,
 * before the target directory is created; the untouched repository restores all 20 orders.
 *
 * <p>Each case works on its own copy of the repository (a file:// repository is a directory), so the
 * cases do not interfere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("scenario")
class TamperedRepositoryIT {

    private ScratchShop shop;
    private Path repository;
    private Path earlierCopy;
    private final List<Long> orders = new ArrayList<>();
    private int copies;

    @BeforeAll
    void aShopWithTwentyOrdersWhoseSpoolIsGone() throws Exception {
        shop = new ScratchShop("dr-tamper");
        repository = shop.home.resolve("backups");
        try (Vault vault = Repositories.open(shop.settings(), true, ScratchShop::log);
             Agent agent = new Agent(shop.dr(), vault, line -> ScratchShop.log("agent: " + line))
                     .start(LocalProcesses.freePort())) {
            awaitTrue("the first base backup and synchronous streaming", Duration.ofSeconds(90),
                    () -> agent.lastBackup().isPresent() && agent.replication().synchronous());
            earlierCopy = shop.home.resolve("backups-earlier");
            copyTree(repository, earlierCopy);
            try (Connection c = shop.postgres.connect(ScratchShop.DATABASE); Statement s = c.createStatement()) {
                // Two completed segments after the base backup, then the unfinished one: a hole can be made.
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 7 && orders.size() < 20; i++) {
                        orders.add(shop.insertOrder(c, "buyer" + orders.size() + "@example.com"));
                    }
                    if (round < 2) {
                        s.execute("SELECT pg_switch_wal()");
                    }
                }
            }
            Instant acknowledged = Instant.now();
            awaitTrue("the last orders in an off-site snapshot", Duration.ofSeconds(30), () -> newestStoredAt(vault).isAfter(acknowledged)
                    && walSegmentsAfterBackup(vault).size() >= 2);
        }
        shop.postgres.stop();
        deleteTree(shop.settings().spool());
    }

    @AfterAll
    void cleanUp() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void theUntouchedRepositoryRestoresAllTwentyOrders() throws Exception {
        Path copy = copyOfRepository();
        int port = LocalProcesses.freePort();
        Path target = shop.home.resolve("restored-intact");

        ScratchShop.Cli cli = restore(copy, target, port);

        assertThat(cli.code()).as(cli.toString()).isZero();
        assertThat(cli.err()).contains("nothing missing, replaced or rolled back");
        PostgresServer restored = PostgresServer.existing(target, port);
        try {
            assertThat(shop.orderIds(port)).containsExactlyElementsOf(new TreeSet<>(orders));
        } finally {
            restored.stop();
        }
    }

    @Test
    void restoringABackupByIdBringsBackExactlyItsStateWithoutTheLaterOrders() throws Exception {
        Path copy = copyOfRepository();
        String id;
        try (Stream<Path> backups = Files.list(copy.resolve("files/base"))) {
            id = backups.map(p -> p.getFileName().toString()).sorted().toList().getLast();
        }
        int port = LocalProcesses.freePort();
        Path target = shop.home.resolve("restored-backup");

        ScratchShop.Cli cli = restoreTo(copy, target, port, "--backup", id);

        assertThat(cli.code()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("restored backup " + id + " to its own state");
        PostgresServer restored = PostgresServer.existing(target, port);
        try {
            // The orders table existed when the backup was taken; every order came after it.
            assertThat(shop.orderIds(port)).isEmpty();
        } finally {
            restored.stop();
        }
        ScratchShop.Cli unknown = restoreTo(copy, shop.home.resolve("restored-unknown"), port, "--backup", "20990101T000000Z");
        assertThat(unknown.code()).isEqualTo(7);
        assertThat(unknown.err()).contains("no base backup 20990101T000000Z").contains(id);
    }

    @Test
    void deletingTheNewestObjectAndItsMetadataFailsTheRestoreInsteadOfRestoringAnEmptyShop() throws Exception {
        Path copy = copyOfRepository();
        Path newestMeta = newestMetadata(copy);
        String key = copy.resolve("meta").relativize(newestMeta).toString().replaceAll("\\.json$", "");
        Files.delete(copy.resolve("files").resolve(key));
        Files.delete(newestMeta);
        Path target = shop.home.resolve("restored-deleted");

        ScratchShop.Cli cli = restore(copy, target, LocalProcesses.freePort());

        assertThat(cli.code()).as(cli.toString()).isEqualTo(3);
        assertThat(cli.err()).contains("missing").contains(key).contains("index");
        assertThat(target).doesNotExist();
    }

    @Test
    void anObjectSwappedForAnotherTogetherWithItsMetadataFailsTheRestore() throws Exception {
        Path copy = copyOfRepository();
        List<String> segments = segmentKeys(copy);
        String victim = segments.get(0);
        String other = segments.get(1);
        Files.copy(copy.resolve("files").resolve(other), copy.resolve("files").resolve(victim),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(copy.resolve("meta").resolve(victim + ".json"),
                Files.readString(copy.resolve("meta").resolve(other + ".json")).replace(other, victim));
        Path target = shop.home.resolve("restored-swapped");

        ScratchShop.Cli cli = restore(copy, target, LocalProcesses.freePort());

        assertThat(cli.code()).as(cli.toString()).isEqualTo(3);
        assertThat(cli.err()).contains(victim).contains("do not match");
        assertThat(target).doesNotExist();
    }

    @Test
    void aRepositoryRolledBackToAnEarlierCopyFailsTheRestore() throws Exception {
        // The shop's own repository, which this machine saw at its newest: put the earlier copy back.
        Path rolledBack = shop.home.resolve("backups-newest");
        Files.move(repository, rolledBack);
        copyTree(earlierCopy, repository);
        Path target = shop.home.resolve("restored-rolled-back");
        try {
            ScratchShop.Cli cli = restore(repository, target, LocalProcesses.freePort());

            assertThat(cli.code()).as(cli.toString()).isEqualTo(3);
            assertThat(cli.err()).contains("rolled back");
            assertThat(target).doesNotExist();
        } finally {
            deleteTree(repository);
            Files.move(rolledBack, repository);
        }
    }

    @Test
    void aHoleInTheArchivedWalFailsTheRestoreUnlessTheOperatorAcceptsIt() throws Exception {
        Path copy = copyOfRepository();
        Map<String, String> env = new java.util.HashMap<>(shop.env);
        env.put("DR_REPOSITORIES", copy.toUri().toString());
        String hole;
        // A segment that never reached the repository: removed the way retention would, so the index agrees.
        try (Vault vault = Repositories.open(com.dhakacart.dr.settings.DrSettings.fromEnvironment(env), env, false,
                ScratchShop::log)) {
            hole = walSegmentsAfterBackup(vault).getFirst();
            vault.delete(hole);
        }
        Path target = shop.home.resolve("restored-gap");

        ScratchShop.Cli refused = restore(copy, target, LocalProcesses.freePort());

        assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("gap").contains(hole.substring("wal/".length())).contains("--accept-gap");
        assertThat(target).doesNotExist();

        int port = LocalProcesses.freePort();
        ScratchShop.Cli accepted = restore(copy, target, port, "--accept-gap");
        assertThat(accepted.code()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("WARNING").contains(hole.substring("wal/".length()));
        PostgresServer.existing(target, port).stop();
    }

    private ScratchShop.Cli restore(Path repositoryDir, Path target, int port, String... extra) {
        List<String> latest = new ArrayList<>(List.of("--latest"));
        latest.addAll(List.of(extra));
        return restoreTo(repositoryDir, target, port, latest.toArray(String[]::new));
    }

    private ScratchShop.Cli restoreTo(Path repositoryDir, Path target, int port, String... extra) {
        Map<String, String> saved = Map.copyOf(shop.env);
        shop.env.put("DR_REPOSITORIES", repositoryDir.toUri().toString());
        try {
            List<String> args = new ArrayList<>(List.of("restore", "--target-dir", target.toString(),
                    "--port", String.valueOf(port)));
            args.addAll(List.of(extra));
            ScratchShop.Cli cli = shop.cli(args.toArray(String[]::new));
            ScratchShop.log("restore from " + repositoryDir + ": " + cli);
            return cli;
        } finally {
            shop.env.clear();
            shop.env.putAll(saved);
        }
    }

    private synchronized Path copyOfRepository() throws IOException {
        Path copy = shop.home.resolve("backups-copy-" + (++copies));
        copyTree(repository, copy);
        return copy;
    }

    private static Instant newestStoredAt(Vault vault) {
        try {
            return vault.list("").stream().map(StoredFile::storedAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /** Archived segments past the newest base backup's own WAL, oldest first. */
    private List<String> walSegmentsAfterBackup(Vault vault) {
        try {
            BaseBackup backup = Catalogue.read(vault, shop.settings().workDir()).latest().orElseThrow();
            return vault.list(Catalogue.WAL_PREFIX).stream().map(StoredFile::key)
                    .filter(k -> WalNames.isSegment(k.substring(4))
                            && WalNames.segmentNumber(k.substring(4)) > backup.stop().segmentNumber())
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> segmentKeys(Path repositoryDir) throws IOException {
        try (Stream<Path> files = Files.list(repositoryDir.resolve("files/wal"))) {
            return files.map(p -> "wal/" + p.getFileName()).filter(k -> WalNames.isSegment(k.substring(4))).sorted().toList();
        }
    }

    private static Path newestMetadata(Path repositoryDir) throws IOException {
        try (Stream<Path> files = Files.walk(repositoryDir.resolve("meta"))) {
            return files.filter(Files::isRegularFile).max(Comparator.comparing(p -> {
                try {
                    return Catalogue.JSON.readTree(p.toFile()).path("storedAt").asText();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).orElseThrow();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith(".incoming-")) {
                    try {
                        Files.copy(p, target);
                    } catch (java.nio.file.NoSuchFileException goneMeanwhile) {
                        // a running agent replaced it (an older index, a superseded snapshot) while we copied
                    }
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
