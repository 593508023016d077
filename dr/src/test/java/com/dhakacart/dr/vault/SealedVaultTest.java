package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.store.BackupStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sealed vault over a local directory: what goes in comes out, and nothing damaged or foreign comes out. */
class SealedVaultTest {

    static final String EMAIL = "rahim.uddin@example.com";

    @TempDir
    Path dir;
    Path repo;
    Path keyFile;
    Keyring keyring;
    Vault vault;

    @BeforeEach
    void openVault() throws IOException {
        repo = dir.resolve("backups");
        keyFile = dir.resolve("keys/dr.key");
        keyring = KeyFiles.generate(keyFile);
        vault = Vaults.open(List.of(repo.toUri()), keyring);
    }

    @Test
    void roundTripsAFileSpanningSeveralChunks() throws Exception {
        byte[] plain = new byte[5 * 1024 * 1024 + 123];
        new Random(7).nextBytes(plain);
        Path source = Files.write(dir.resolve("base.tar"), plain);

        StoredFile stored = vault.store("base/20261127T010203Z/base.tar", source);
        Path target = dir.resolve("restored/base.tar");
        vault.fetch("base/20261127T010203Z/base.tar", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(plain);
        Path sealedBytes = repo.resolve("files/base/20261127T010203Z/base.tar");
        assertThat(stored.plainSize()).isEqualTo(plain.length);
        assertThat(stored.storedSize()).isEqualTo(Files.size(sealedBytes));
        assertThat(stored.sha256()).isEqualTo(sha256(Files.readAllBytes(sealedBytes)));
        assertThat(stored.keyId()).isEqualTo(keyring.current().id());
        assertThat(vault.list("base/")).containsExactly(stored);
        assertThat(filesUnder(repo)).as("nothing staged is left behind")
                .extracting(p -> p.getFileName().toString()).noneMatch(name -> name.startsWith(".incoming-"));
    }

    @Test
    void neverWritesPlaintextCustomerDataIntoTheRepository() throws Exception {
        StringBuilder orders = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            orders.append("INSERT INTO orders VALUES (").append(i).append(", '").append(EMAIL).append("', 1250.00);\n");
        }
        Path source = Files.writeString(dir.resolve("orders.sql"), orders);

        StoredFile stored = vault.store("base/orders.sql", source);

        assertThat(stored.storedSize()).as("zstd compresses before encryption").isLessThan(stored.plainSize() / 10);
        assertThat(everyByteUnder(repo)).isNotEmpty();
        assertThat(new String(everyByteUnder(repo), StandardCharsets.ISO_8859_1)).doesNotContain(EMAIL).doesNotContain("INSERT INTO");
    }

    @Test
    void detectsAFlippedByteAnywhereOnFetchAndVerifyAndWritesNothing() throws Exception {
        byte[] plain = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(plain);
        vault.store("wal/000000010000000000000001", Files.write(dir.resolve("seg"), plain));
        Path sealed = repo.resolve("files/wal/000000010000000000000001");
        long size = Files.size(sealed);

        for (long position : new long[]{0, 12, 40, size / 2, size - 1}) {
            flipByte(sealed, position);
            Path target = dir.resolve("staging/000000010000000000000001");

            assertThatThrownBy(() -> vault.verify("wal/000000010000000000000001")).as("verify, byte %d", position)
                    .isInstanceOf(BackupCorrupted.class).hasMessageContaining("wal/000000010000000000000001");
            assertThatThrownBy(() -> vault.fetch("wal/000000010000000000000001", target)).as("fetch, byte %d", position)
                    .isInstanceOf(BackupCorrupted.class).hasMessageContaining("wal/000000010000000000000001");

            assertThat(target).doesNotExist();
            assertThat(filesUnder(dir.resolve("staging"))).isEmpty();
            flipByte(sealed, position);
        }
        vault.verify("wal/000000010000000000000001");
    }

    @Test
    void detectsATruncatedFileAndLeavesTheExistingTargetUntouched() throws Exception {
        byte[] plain = new byte[3 * 1024 * 1024];
        new Random(2).nextBytes(plain);
        vault.store("base/b/base.tar", Files.write(dir.resolve("base.tar"), plain));
        Path sealed = repo.resolve("files/base/b/base.tar");
        Path target = Files.writeString(dir.resolve("target.tar"), "what was there before");

        try (RandomAccessFile file = new RandomAccessFile(sealed.toFile(), "rw")) {
            file.setLength(file.length() - 1);
        }
        assertThatThrownBy(() -> vault.fetch("base/b/base.tar", target)).isInstanceOf(BackupCorrupted.class)
                .hasMessageContaining("base/b/base.tar");
        assertThatThrownBy(() -> vault.verify("base/b/base.tar")).isInstanceOf(BackupCorrupted.class);

        try (RandomAccessFile file = new RandomAccessFile(sealed.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        assertThatThrownBy(() -> vault.fetch("base/b/base.tar", target)).isInstanceOf(BackupCorrupted.class);

        assertThat(Files.readString(target)).isEqualTo("what was there before");
    }

    @Test
    void reportsAWrongKeyInOneLineNamingTheFileAndTheKey() throws Exception {
        vault.store("wal/000000010000000000000001", Files.writeString(dir.resolve("seg"), "segment " + EMAIL));
        Keyring stranger = KeyFiles.generate(dir.resolve("other/dr.key"));

        try (Vault withOtherKey = Vaults.open(List.of(repo.toUri()), stranger)) {
            assertThatThrownBy(() -> withOtherKey.fetch("wal/000000010000000000000001", dir.resolve("out")))
                    .isInstanceOf(WrongKey.class)
                    .hasMessageContaining("wal/000000010000000000000001")
                    .hasMessageContaining(keyring.current().id())
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> withOtherKey.verify("wal/000000010000000000000001")).isInstanceOf(WrongKey.class);
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void reportsADifferentKeyUnderTheSameIdAsAWrongKey() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg"), "segment"));
        String id = keyring.current().id();
        Path impostor = Files.writeString(dir.resolve("impostor.key"),
                id + ":" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");

        try (Vault withImpostor = Vaults.open(List.of(repo.toUri()), Keyring.fromFile(impostor))) {
            assertThatThrownBy(() -> withImpostor.verify("wal/1")).isInstanceOf(WrongKey.class).hasMessageContaining(id);
        }
    }

    @Test
    void opensOldFilesAfterTheKeyIsRotated() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("old"), "sealed before rotation"));
        String oldId = keyring.current().id();

        Keyring rotated = KeyFiles.rotate(keyFile);
        try (Vault after = Vaults.open(List.of(repo.toUri()), rotated)) {
            StoredFile fresh = after.store("wal/2", Files.writeString(dir.resolve("new"), "sealed after rotation"));
            after.fetch("wal/1", dir.resolve("wal1"));
            after.fetch("wal/2", dir.resolve("wal2"));

            assertThat(Files.readString(dir.resolve("wal1"))).isEqualTo("sealed before rotation");
            assertThat(Files.readString(dir.resolve("wal2"))).isEqualTo("sealed after rotation");
            assertThat(fresh.keyId()).isNotEqualTo(oldId).isEqualTo(rotated.current().id());
            assertThat(after.list("wal/")).extracting(StoredFile::keyId).containsExactly(oldId, fresh.keyId());
        }
    }

    @Test
    void refusesToReplaceAStoredFile() throws Exception {
        Path source = Files.writeString(dir.resolve("seg"), "one");
        vault.store("wal/1", source);

        assertThatThrownBy(() -> vault.store("wal/1", source)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void listsOnlyFilesWhoseStoreFinished() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg"), "one"));
        vault.store("wal/2", Files.writeString(dir.resolve("seg2"), "two"));
        // A crash between the sealed bytes and the sidecar leaves bytes without metadata.
        Files.delete(repo.resolve("meta/wal/2.json"));

        assertThat(vault.list("wal/")).extracting(StoredFile::key).containsExactly("wal/1");
        assertThat(vault.exists("wal/2")).isFalse();
        vault.store("wal/2", dir.resolve("seg2"));
        assertThat(vault.list("")).extracting(StoredFile::key).containsExactly("wal/1", "wal/2");
    }

    @Test
    void reportsAFileWhoseSealedBytesVanishedAsCorrupted() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg"), "one"));
        Files.delete(repo.resolve("files/wal/1"));

        assertThat(vault.list("wal/")).extracting(StoredFile::key).containsExactly("wal/1");
        assertThatThrownBy(() -> vault.verify("wal/1")).isInstanceOf(BackupCorrupted.class).hasMessageContaining("wal/1");
    }

    @Test
    void deletesAFileAndItsMetadata() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg"), "one"));

        vault.delete("wal/1");

        assertThat(vault.exists("wal/1")).isFalse();
        assertThat(vault.list("")).isEmpty();
        assertThat(filesUnder(repo)).as("only the index remains, and it lists nothing")
                .allMatch(p -> repo.relativize(p).startsWith("index"));
        assertThat(vault.audit()).singleElement().extracting(RepositoryAudit::files).isEqualTo(0);
    }

    /**
     * The WAL shipper stores a segment while retention, on another thread, deletes the same key because no
     * kept backup needs it: retention sees the sidecar (it lists from sidecars), so its delete can fall
     * between the shipper's sidecar and the shipper's index update. The index must never end up listing
     * the deleted file, or every later restore refuses the repository as tampered.
     */
    @Test
    void aFileDeletedWhileItIsBeingStoredIsNeverLeftListedInTheIndex() throws Exception {
        Path source = Files.writeString(dir.resolve("seg1"), "one");
        java.util.concurrent.atomic.AtomicReference<Vault> shared = new java.util.concurrent.atomic.AtomicReference<>();
        BackupStore local = new com.dhakacart.dr.store.local.LocalStore(repo);
        BackupStore interleaving = new DelegatingStore(local) {
            @Override
            public void put(String key, java.io.InputStream in, long length) throws IOException {
                super.put(key, in, length);
                if (key.equals("meta/wal/000000010000000000000001.json")) {
                    deleteOnAnotherThread(shared.get(), "wal/000000010000000000000001");
                }
            }
        };
        SealedVault racing = new SealedVault(interleaving, keyring);
        shared.set(racing);

        racing.store("wal/000000010000000000000001", source);

        assertThat(racing.list("wal/")).as("retention's delete won").isEmpty();
        assertThat(vault.audit()).as("the index lists nothing the repository lacks")
                .singleElement().extracting(RepositoryAudit::files).isEqualTo(0);
        racing.store("wal/000000010000000000000002", Files.writeString(dir.resolve("seg2"), "two"));
        assertThat(vault.audit()).singleElement().extracting(RepositoryAudit::files).isEqualTo(1);
    }

    private static void deleteOnAnotherThread(Vault vault, String key) throws IOException {
        java.util.concurrent.FutureTask<Void> delete = new java.util.concurrent.FutureTask<>(() -> {
            vault.delete(key);
            return null;
        });
        Thread.ofPlatform().start(delete);
        try {
            delete.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the concurrent delete did not finish: " + e, e);
        }
    }

    /** A store that forwards everything, for tests that step in between two of a writer's steps. */
    static class DelegatingStore implements BackupStore {
        private final BackupStore delegate;

        DelegatingStore(BackupStore delegate) {
            this.delegate = delegate;
        }

        @Override public void put(String key, Path source) throws IOException { delegate.put(key, source); }
        @Override public void put(String key, java.io.InputStream in, long length) throws IOException { delegate.put(key, in, length); }
        @Override public java.util.Optional<Path> stagingDir() throws IOException { return delegate.stagingDir(); }
        @Override public void putStaged(String key, Path staged) throws IOException { delegate.putStaged(key, staged); }
        @Override public java.io.InputStream get(String key) throws IOException { return delegate.get(key); }
        @Override public List<com.dhakacart.dr.store.StoredObject> list(String prefix) throws IOException { return delegate.list(prefix); }
        @Override public boolean exists(String key) throws IOException { return delegate.exists(key); }
        @Override public void delete(String key) throws IOException { delegate.delete(key); }
        @Override public String describe() { return delegate.describe(); }
        @Override public void close() throws IOException { delegate.close(); }
    }

    @Test
    void auditPassesOnAnIntactRepositoryAndNamesItsIndex() throws Exception {
        assertThat(vault.audit()).singleElement().extracting(RepositoryAudit::indexNumber).isEqualTo(0L);
        vault.store("wal/1", Files.writeString(dir.resolve("seg1"), "one"));
        vault.store("wal/2", Files.writeString(dir.resolve("seg2"), "two"));

        RepositoryAudit audit = vault.audit().getFirst();

        assertThat(audit.indexNumber()).isEqualTo(2);
        assertThat(audit.files()).isEqualTo(2);
    }

    @Test
    void auditFailsWhenAFileAndItsMetadataAreDeleted() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg1"), "one"));
        vault.store("wal/2", Files.writeString(dir.resolve("seg2"), "two"));
        Files.delete(repo.resolve("files/wal/2"));
        Files.delete(repo.resolve("meta/wal/2.json"));

        assertThatThrownBy(() -> vault.audit()).isInstanceOf(RepositoryTampered.class)
                .hasMessageContaining("missing").hasMessageContaining("wal/2");
    }

    @Test
    void auditFailsWhenOnlyTheSealedBytesAreDeletedOrReplaced() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg1"), "one"));
        vault.store("wal/2", Files.writeString(dir.resolve("seg2"), "two, a longer segment than one"));
        Files.copy(repo.resolve("files/wal/2"), repo.resolve("files/wal/1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> vault.audit()).isInstanceOf(RepositoryTampered.class).hasMessageContaining("wal/1");

        Files.delete(repo.resolve("files/wal/1"));
        assertThatThrownBy(() -> vault.audit()).isInstanceOf(RepositoryTampered.class)
                .hasMessageContaining("missing").hasMessageContaining("wal/1");
    }

    @Test
    void refusesAFileSwappedWithAnotherTogetherWithItsMetadata() throws Exception {
        vault.store("wal/1", Files.writeString(dir.resolve("seg1"), "one"));
        vault.store("wal/2", Files.writeString(dir.resolve("seg2"), "two, a longer segment"));
        Files.copy(repo.resolve("files/wal/2"), repo.resolve("files/wal/1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(repo.resolve("meta/wal/1.json"), Files.readString(repo.resolve("meta/wal/2.json")).replace("wal/2", "wal/1"));

        assertThatThrownBy(() -> vault.audit()).isInstanceOf(RepositoryTampered.class)
                .hasMessageContaining("wal/1").hasMessageContaining("do not match");
        // Even without the index, the bytes do not open under another name.
        assertThatThrownBy(() -> vault.fetch("wal/1", dir.resolve("out"))).isInstanceOf(BackupCorrupted.class)
                .hasMessageContaining("another name");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void refusesARepositoryRolledBackToAnEarlierCopy() throws Exception {
        Path state = dir.resolve("state");
        Vault remembering = new SealedVault(new com.dhakacart.dr.store.local.LocalStore(repo), keyring, java.util.Optional.of(state));
        remembering.store("wal/1", Files.writeString(dir.resolve("seg1"), "one"));
        Path earlier = dir.resolve("earlier");
        copyTree(repo, earlier);
        remembering.store("wal/2", Files.writeString(dir.resolve("seg2"), "two"));
        deleteTree(repo);
        copyTree(earlier, repo);

        assertThatThrownBy(remembering::audit).isInstanceOf(RepositoryTampered.class)
                .hasMessageContaining("rolled back").hasMessageContaining("number 1").hasMessageContaining("number 2");
        // Deleting every index does not help either.
        deleteTree(repo.resolve("index"));
        assertThatThrownBy(remembering::audit).isInstanceOf(RepositoryTampered.class).hasMessageContaining("rolled back");
    }

    @Test
    void refusesARepositoryWrittenByTheFirstVersionInOneLine() throws Exception {
        Files.createDirectories(repo.resolve("meta/wal"));
        Files.writeString(repo.resolve("meta/wal/1.json"), "{\"format\":1,\"key\":\"wal/1\",\"plainSize\":3,\"storedSize\":80,"
                + "\"sha256\":\"" + "0".repeat(64) + "\",\"keyId\":\"k1\",\"storedAt\":\"2026-11-01T00:00:00Z\"}");

        assertThatThrownBy(() -> vault.audit()).isInstanceOf(RepositoryFormatUnsupported.class)
                .hasMessageContaining("format 1").hasMessageContaining("new repository");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void refusesAKeyFileKeptInsideTheRepository() throws Exception {
        Keyring inside = KeyFiles.generate(repo.resolve("dr.key"));

        assertThatThrownBy(() -> Vaults.open(List.of(repo.toUri()), inside))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the repository");
    }

    static byte[] everyByteUnder(Path root) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path file : filesUnder(root)) {
            all.write(Files.readAllBytes(file));
        }
        return all.toByteArray();
    }

    static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
