package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.store.RepositoryUnreachable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two local repositories mirrored: one failing repository never costs a backup. */
class MirroredVaultTest {

    @TempDir
    Path dir;

    @Test
    void storesInTheSecondRepositoryWhenTheFirstCannotBeWritten() throws Exception {
        Keyring keyring = KeyFiles.generate(dir.resolve("keys/dr.key"));
        // A plain file where the first repository's directory should be: every write there fails.
        Path broken = Files.writeString(dir.resolve("broken"), "not a directory");
        Path healthy = dir.resolve("healthy");
        try (MirroredVault vault = (MirroredVault) Vaults.open(List.of(broken.toUri(), healthy.toUri()), keyring)) {

            StoredFile stored = vault.store("wal/1", Files.writeString(dir.resolve("seg"), "segment one"));

            assertThat(vault.lastFailures()).containsOnlyKeys("file:" + broken)
                    .allSatisfy((where, failure) -> assertThat(failure).isInstanceOf(RepositoryUnreachable.class));
            vault.fetch("wal/1", dir.resolve("out"));
            assertThat(Files.readString(dir.resolve("out"))).isEqualTo("segment one");
            assertThat(vault.list("wal/")).containsExactly(stored);
        }
    }

    @Test
    void fallsBackToTheSecondRepositoryWhenTheFirstCopyIsCorruptAndRefusesWhenBothAre() throws Exception {
        Keyring keyring = KeyFiles.generate(dir.resolve("keys/dr.key"));
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        try (Vault vault = Vaults.open(List.of(first.toUri(), second.toUri()), keyring)) {
            vault.store("base/b/base.tar", Files.writeString(dir.resolve("tar"), "base backup"));
            SealedVaultTest.flipByte(first.resolve("files/base/b/base.tar"), 20);

            vault.fetch("base/b/base.tar", dir.resolve("restored.tar"));
            assertThat(Files.readString(dir.resolve("restored.tar"))).isEqualTo("base backup");

            SealedVaultTest.flipByte(second.resolve("files/base/b/base.tar"), 20);
            assertThatThrownBy(() -> vault.fetch("base/b/base.tar", dir.resolve("again.tar")))
                    .isInstanceOf(BackupCorrupted.class).hasMessageContaining(first.toString());
            assertThat(dir.resolve("again.tar")).doesNotExist();
        }
    }

    @Test
    void refusesToStoreAKeyEveryRepositoryHoldsAndReportsAKeyNoneHolds() throws Exception {
        Keyring keyring = KeyFiles.generate(dir.resolve("keys/dr.key"));
        try (Vault vault = Vaults.open(List.of(dir.resolve("a").toUri(), dir.resolve("b").toUri()), keyring)) {
            Path source = Files.writeString(dir.resolve("seg"), "one");
            vault.store("wal/1", source);

            assertThatThrownBy(() -> vault.store("wal/1", source)).isInstanceOf(FileAlreadyExistsException.class);
            assertThatThrownBy(() -> vault.fetch("wal/2", dir.resolve("out"))).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> vault.verify("wal/2")).isInstanceOf(NoSuchFileException.class);
        }
    }
}
