package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.store.RepositoryUnreachable;
import com.dhakacart.dr.store.s3.S3ProxyServer;
import com.dhakacart.testing.SharedServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static com.dhakacart.dr.vault.SealedVaultTest.EMAIL;
import static com.dhakacart.dr.vault.SealedVaultTest.everyByteUnder;
import static com.dhakacart.dr.vault.SealedVaultTest.flipByte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backups land in a local directory and in S3 (a real S3 server on loopback), and come back from either. */
class MirroredVaultIT {

    static Path s3Data;
    static S3ProxyServer s3;
    static final java.util.concurrent.atomic.AtomicInteger BUCKETS = new java.util.concurrent.atomic.AtomicInteger();

    Path dir;
    Path localRepo;
    String bucket;
    Keyring keyring;
    Vault vault;

    @BeforeAll
    static void startS3() {
        s3Data = SharedServices.scratchDir("mirror-s3");
        s3 = S3ProxyServer.start(s3Data);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void openMirror() throws Exception {
        dir = SharedServices.scratchDir("mirror");
        localRepo = dir.resolve("backups");
        bucket = "dhakacart-" + BUCKETS.incrementAndGet();
        keyring = KeyFiles.generate(dir.resolve("keys/dr.key"));
        vault = Vaults.open(List.of(localRepo.toUri(), s3Repository()), keyring, s3Credentials());
    }

    @AfterEach
    void close() throws Exception {
        vault.close();
    }

    URI s3Repository() {
        return s3.repository(bucket, "prod");
    }

    @Test
    void storesEveryFileInBothRepositoriesAndNeverInPlaintext() throws Exception {
        Path source = Files.writeString(dir.resolve("orders.csv"), ("order,1250.00," + EMAIL + "\n").repeat(5000));

        StoredFile stored = vault.store("base/20261127T010203Z/orders.csv", source);

        for (URI repository : List.of(localRepo.toUri(), s3Repository())) {
            try (Vault one = Vaults.open(List.of(repository), keyring, s3Credentials())) {
                assertThat(one.list("base/")).as(repository.toString()).extracting(StoredFile::sha256).containsExactly(stored.sha256());
                Path copy = dir.resolve("copy-" + repository.getScheme());
                one.fetch("base/20261127T010203Z/orders.csv", copy);
                assertThat(Files.mismatch(copy, source)).isEqualTo(-1L);
            }
        }
        byte[] local = everyByteUnder(localRepo);
        byte[] inS3 = everyByteUnder(s3.dataDir().resolve(bucket));
        assertThat(inS3.length).isGreaterThan((int) stored.storedSize());
        assertThat(new String(local, StandardCharsets.ISO_8859_1)).doesNotContain(EMAIL);
        assertThat(new String(inS3, StandardCharsets.ISO_8859_1)).doesNotContain(EMAIL);
    }

    @Test
    void fetchesFromS3WhenTheLocalCopyIsCorrupt() throws Exception {
        byte[] plain = new byte[2 * 1024 * 1024 + 5];
        new Random(3).nextBytes(plain);
        vault.store("wal/000000010000000000000007", Files.write(dir.resolve("seg"), plain));
        flipByte(localRepo.resolve("files/wal/000000010000000000000007"), 1000);

        Path target = dir.resolve("staging/000000010000000000000007");
        vault.fetch("wal/000000010000000000000007", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(plain);
        assertThatThrownBy(() -> vault.verify("wal/000000010000000000000007"))
                .as("verify reports the bad copy so it can be repaired")
                .isInstanceOf(BackupCorrupted.class).hasMessageContaining(localRepo.toString());
    }

    @Test
    void detectsATamperedOrTruncatedObjectInS3AndWritesNothing() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg"), "segment"));
        Path object = s3.dataDir().resolve(bucket + "/prod/files/wal/1");

        try (Vault s3Only = Vaults.open(List.of(s3Repository()), keyring, s3Credentials())) {
            flipByte(object, Files.size(object) - 3);
            assertThatThrownBy(() -> s3Only.fetch("wal/1", dir.resolve("out"))).isInstanceOf(BackupCorrupted.class)
                    .hasMessageContaining("wal/1").hasMessageContaining("s3://" + bucket + "/prod");
            flipByte(object, Files.size(object) - 3);
            s3Only.verify("wal/1");

            byte[] whole = Files.readAllBytes(object);
            Files.write(object, java.util.Arrays.copyOf(whole, whole.length - 10));
            assertThatThrownBy(() -> s3Only.verify("wal/1")).isInstanceOf(BackupCorrupted.class).hasMessageContaining("wal/1");
            assertThatThrownBy(() -> s3Only.fetch("wal/1", dir.resolve("out"))).isInstanceOf(BackupCorrupted.class);
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void keepsBackingUpLocallyWhileS3IsDownAndFillsS3InWhenItIsBack() throws Exception {
        int port = s3.port();
        s3.stop();

        StoredFile stored = vault.store("wal/2", Files.writeString(dir.resolve("seg"), "written during the outage"));
        vault.store("wal/3", Files.writeString(dir.resolve("seg3"), "also written during the outage"));

        assertThat(stored.key()).isEqualTo("wal/2");
        assertThat(((MirroredVault) vault).lastFailures()).containsOnlyKeys("s3://" + bucket + "/prod")
                .allSatisfy((where, failure) -> assertThat(failure).isInstanceOf(RepositoryUnreachable.class));
        vault.fetch("wal/2", dir.resolve("during"));
        assertThat(vault.list("wal/")).extracting(StoredFile::key).containsExactly("wal/2", "wal/3");

        s3.close();
        s3 = S3ProxyServer.start(s3Data, port);
        vault.store("wal/2", dir.resolve("seg"));
        int repaired = ((MirroredVault) vault).repair("wal/");

        assertThat(repaired).as("wal/3 copied; wal/2 was filled in by storing it again").isEqualTo(1);
        assertThat(((MirroredVault) vault).lastFailures()).isEmpty();
        try (Vault s3Only = Vaults.open(List.of(s3Repository()), keyring, s3Credentials());
             Vault localOnly = Vaults.open(List.of(localRepo.toUri()), keyring)) {
            s3Only.fetch("wal/2", dir.resolve("after"));
            s3Only.fetch("wal/3", dir.resolve("after3"));
            assertThat(s3Only.list("wal/")).as("byte-identical copies").isEqualTo(localOnly.list("wal/"));
        }
        assertThat(Files.readString(dir.resolve("after"))).isEqualTo("written during the outage");
        assertThat(Files.readString(dir.resolve("after3"))).isEqualTo("also written during the outage");
    }

    @Test
    void fetchesManyFilesInParallelFromS3() throws Exception {
        Map<String, Path> targets = new java.util.TreeMap<>();
        for (int i = 0; i < 16; i++) {
            String name = String.format("0000000100000000000000%02X", i);
            vault.store("wal/" + name, Files.writeString(dir.resolve("seg" + i), "segment " + i));
            targets.put("wal/" + name, dir.resolve("staging/" + name));
        }
        // Remove the local copies: the batch must come from S3.
        Files.walk(localRepo).sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        List<FetchProgress> seen = new java.util.ArrayList<>();

        Vaults.fetchAll(vault, targets, 8, seen::add);

        assertThat(seen).hasSize(16);
        assertThat(seen.getLast().done()).isEqualTo(16);
        assertThat(Files.readString(dir.resolve("staging/00000001000000000000000F"))).isEqualTo("segment 15");
    }

    private Map<String, String> s3Credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }
}
