package com.dhakacart.dr.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where keys come from, and the one-line errors when they cannot be read. */
class KeyringTest {

    @TempDir
    Path dir;

    @Test
    void generatesAKeyFileOnlyItsOwnerCanReadAndNeverOverwritesOne() throws Exception {
        Path file = dir.resolve("keys/backup.key");

        Keyring keyring = KeyFiles.generate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyFiles.isPrivate(file)).isTrue();
        assertThat(keyring.ids()).singleElement().asString().matches("k\\d{8}-[0-9a-f]{6}");
        assertThat(keyring.file()).contains(file.toAbsolutePath());
        assertThatThrownBy(() -> KeyFiles.generate(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Keyring.fromFile(file).current().fingerprintHex()).isEqualTo(keyring.current().fingerprintHex());
    }

    @Test
    void rotationPutsANewCurrentKeyFirstAndKeepsTheOldOnes() throws Exception {
        Path file = dir.resolve("backup.key");
        Keyring first = KeyFiles.generate(file);

        Keyring rotated = KeyFiles.rotate(file);

        assertThat(rotated.ids()).hasSize(2).endsWith(first.current().id());
        assertThat(rotated.current().id()).isNotEqualTo(first.current().id());
        assertThat(KeyFiles.isPrivate(file)).isTrue();
    }

    @Test
    void readsDrKeyFromTheEnvironmentWithAnIdDerivedFromTheKey() throws Exception {
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);

        Keyring keyring = Keyring.resolve(Map.of("DR_KEY", base64), dir.resolve("absent.key")).orElseThrow();

        assertThat(keyring.current().id()).matches("k[0-9a-f]{12}").isEqualTo(Keyring.fromBase64(base64).current().id());
        assertThat(keyring.file()).isEmpty();
    }

    @Test
    void combinesDrKeyAsCurrentWithTheKeyFileForOlderBackups() throws Exception {
        Path file = dir.resolve("backup.key");
        Keyring fromFile = KeyFiles.generate(file);
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);

        Keyring keyring = Keyring.resolve(Map.of("DR_KEY", base64), file).orElseThrow();

        assertThat(keyring.ids()).containsExactly(Keyring.fromBase64(base64).current().id(), fromFile.current().id());
    }

    @Test
    void prefersDrKeyFileOverTheDefaultFileAndIsEmptyWhenNothingIsConfigured() throws Exception {
        Path chosen = dir.resolve("chosen.key");
        Keyring expected = KeyFiles.generate(chosen);
        KeyFiles.generate(dir.resolve("default.key"));

        assertThat(Keyring.resolve(Map.of("DR_KEY_FILE", chosen.toString()), dir.resolve("default.key")).orElseThrow().ids())
                .isEqualTo(expected.ids());
        assertThat(Keyring.resolve(Map.of(), dir.resolve("none.key"))).isEmpty();
    }

    @Test
    void explainsABadKeyFileInOneLineWithoutShowingKeyBytes() throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "# backup keys\nk1:" + Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        Path notBase64 = Files.writeString(dir.resolve("bad.key"), "k1:not*base64!\n");
        Path noId = Files.writeString(dir.resolve("noid.key"), "AAAA\n");
        Path empty = Files.writeString(dir.resolve("empty.key"), "# nothing\n");
        String duplicate = "k1:" + Base64.getEncoder().encodeToString(new byte[32]) + "\nk1:"
                + Base64.getEncoder().encodeToString(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}) + "\n";
        Path twice = Files.writeString(dir.resolve("twice.key"), duplicate);

        assertThatThrownBy(() -> Keyring.fromFile(shortKey)).isInstanceOf(KeyFileInvalid.class)
                .hasMessageContaining("line 2").hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> Keyring.fromFile(notBase64)).isInstanceOf(KeyFileInvalid.class)
                .hasMessageContaining("line 1").hasMessageContaining("base64").hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> Keyring.fromFile(noId)).isInstanceOf(KeyFileInvalid.class).hasMessageContaining("keyid:base64key");
        assertThatThrownBy(() -> Keyring.fromFile(empty)).isInstanceOf(KeyFileInvalid.class).hasMessageContaining("no keys");
        assertThatThrownBy(() -> Keyring.fromFile(twice)).isInstanceOf(KeyFileInvalid.class).hasMessageContaining("share the id 'k1'");
        assertThatThrownBy(() -> Keyring.fromFile(dir.resolve("missing.key"))).isInstanceOf(KeyFileInvalid.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Keyring.fromBase64("QUJD")).isInstanceOf(KeyFileInvalid.class).hasMessageContaining("DR_KEY");
    }

    @Test
    void neverPrintsKeyMaterial() throws Exception {
        Path file = dir.resolve("backup.key");
        Keyring keyring = KeyFiles.generate(file);
        String line = Files.readString(file).strip();
        String secret = line.substring(line.indexOf(':') + 1);

        assertThat(keyring.toString()).doesNotContain(secret);
        assertThat(keyring.current().toString()).doesNotContain(secret).contains(keyring.current().id());
    }
}
