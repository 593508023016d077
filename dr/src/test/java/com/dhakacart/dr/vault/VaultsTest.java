package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.store.s3.S3Repositories;
import com.dhakacart.dr.store.s3.S3Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Repository URIs as users write them, and fetching many files at once. */
class VaultsTest {

    @TempDir
    Path dir;

    @Test
    void readsAnS3RepositoryUriWithEndpointRegionAndEnvironmentCredentials() {
        S3Settings settings = S3Repositories.settings(
                URI.create("s3://dhakacart-backups/prod/db?endpoint=http://127.0.0.1:9000&region=ap-south-1&create=true"),
                Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "shh"));

        assertThat(settings.bucket()).isEqualTo("dhakacart-backups");
        assertThat(settings.prefix()).isEqualTo("prod/db");
        assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.region()).isEqualTo("ap-south-1");
        assertThat(settings.createBucket()).isTrue();
        assertThat(settings.accessKeyId()).contains("AKIA");
        assertThat(settings.secretAccessKey()).contains("shh");
        assertThat(settings.describe()).doesNotContain("shh");
    }

    @Test
    void takesCredentialsFromTheUriWhenTheEnvironmentHasNoneAndDefaultsTheRest() {
        S3Settings settings = S3Repositories.settings(URI.create("s3://minio:minio%2Fsecret@backups"), Map.of());

        assertThat(settings.accessKeyId()).contains("minio");
        assertThat(settings.secretAccessKey()).contains("minio/secret");
        assertThat(settings.prefix()).isEmpty();
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.createBucket()).isFalse();
        assertThat(settings.partSize()).isEqualTo(S3Settings.DEFAULT_PART_SIZE);
    }

    @Test
    void refusesRepositoryUrisItCannotUse() {
        assertThatThrownBy(() -> S3Repositories.settings(URI.create("s3:///prefix"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> S3Repositories.settings(URI.create("s3://b/p?endpont=http://x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpont");
        assertThatThrownBy(() -> S3Repositories.settings(URI.create("s3://b/p?endpoint=ftp://x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> Vaults.open(List.of(URI.create("ftp://host/backups")), keyring()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file:///path or s3://");
        assertThatThrownBy(() -> Vaults.open(List.of(), keyring())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsPlainPathsAsLocalRepositories() {
        assertThat(Vaults.repository("/var/lib/dhakacart/backups")).isEqualTo(URI.create("file:///var/lib/dhakacart/backups"));
        assertThat(Vaults.repository("s3://b/p?region=x")).isEqualTo(URI.create("s3://b/p?region=x"));
        assertThat(Vaults.repository("relative/dir").getScheme()).isEqualTo("file");
    }

    @Test
    void opensOneRepositoryAsASealedVaultAndSeveralAsAMirror() throws Exception {
        Keyring keyring = keyring();
        try (Vault one = Vaults.open(List.of(dir.resolve("a").toUri()), keyring);
             Vault two = Vaults.open(List.of(dir.resolve("a").toUri(), dir.resolve("b").toUri()), keyring)) {
            assertThat(one).isInstanceOf(SealedVault.class);
            assertThat(two).isInstanceOf(MirroredVault.class);
            assertThat(two.describe()).isEqualTo("file:" + dir.resolve("a") + " + file:" + dir.resolve("b"));
        }
    }

    @Test
    void fetchesManyFilesInParallelReportingProgress() throws Exception {
        Map<String, Path> targets = new TreeMap<>();
        try (Vault vault = Vaults.open(List.of(dir.resolve("repo").toUri()), keyring())) {
            for (int i = 0; i < 32; i++) {
                String key = String.format("wal/%024X", i);
                vault.store(key, Files.writeString(dir.resolve("src" + i), "segment " + i));
                targets.put(key, dir.resolve("staging").resolve(String.format("%024X", i)));
            }
            List<FetchProgress> progress = new ArrayList<>();

            long bytes = Vaults.fetchAll(vault, targets, 8, progress::add);

            assertThat(progress).extracting(FetchProgress::done).containsExactlyElementsOf(range(1, 32));
            assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(32));
            assertThat(bytes).isEqualTo(progress.getLast().bytesDone()).isEqualTo(targets.values().stream().mapToLong(VaultsTest::size).sum());
            for (int i = 0; i < 32; i++) {
                assertThat(Files.readString(dir.resolve("staging").resolve(String.format("%024X", i)))).isEqualTo("segment " + i);
            }
        }
    }

    @Test
    void stopsAParallelFetchAtTheFirstCorruptFileAndNamesIt() throws Exception {
        Map<String, Path> targets = new TreeMap<>();
        try (Vault vault = Vaults.open(List.of(dir.resolve("repo").toUri()), keyring())) {
            for (int i = 0; i < 20; i++) {
                String key = String.format("wal/%024X", i);
                vault.store(key, Files.writeString(dir.resolve("src" + i), "segment " + i));
                targets.put(key, dir.resolve("staging").resolve(String.format("%024X", i)));
            }
            SealedVaultTest.flipByte(dir.resolve("repo/files/wal/00000000000000000000000A"), 30);

            assertThatThrownBy(() -> Vaults.fetchAll(vault, targets, 4, p -> { }))
                    .isInstanceOf(BackupCorrupted.class).hasMessageContaining("wal/00000000000000000000000A");
            assertThat(dir.resolve("staging/00000000000000000000000A")).doesNotExist();
        }
    }

    private Keyring keyring() throws Exception {
        Path file = dir.resolve("keys/dr.key");
        return Files.exists(file) ? Keyring.fromFile(file) : KeyFiles.generate(file);
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
