package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.vault.Vaults;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dr key rotate} and {@code dr key list} on a local repository holding two base backups, one
 * sealed before and one after a rotation (descriptors and WAL as the real tool writes them; no server).
 */
class KeyCommandTest {

    @TempDir
    Path home;

    record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DrMain.run(new PrintWriter(out), new PrintWriter(err), Map.of("DHAKACART_HOME", home.toString()), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void rotationStartsANewCurrentKeyAndListShowsWhichBackupsNeedWhichKey() throws Exception {
        Path keyFile = home.resolve("keys/backup.key");
        Keyring first = KeyFiles.generate(keyFile);
        storeBackup(first, "20261101T000000Z", 1, "000000010000000000000001");

        Run rotated = run("key", "rotate");

        assertThat(rotated.code()).as(rotated.err()).isZero();
        Keyring both = Keyring.fromFile(keyFile);
        assertThat(both.ids()).hasSize(2).endsWith(first.current().id());
        assertThat(rotated.out()).contains("new current key " + both.current().id()).contains(first.current().id());
        storeBackup(both, "20261201T000000Z", 5, "000000010000000000000005");

        Run list = run("key", "list", "--json");

        assertThat(list.code()).as(list.err()).isZero();
        JsonNode keys = Catalogue.JSON.readTree(list.out());
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).path("keyId").asText()).isEqualTo(both.current().id());
        assertThat(keys.get(0).path("current").asBoolean()).isTrue();
        // Restoring the old backup to the latest commit replays the WAL sealed after the rotation too.
        assertThat(texts(keys.get(0).path("backups"))).containsExactly("20261101T000000Z", "20261201T000000Z");
        assertThat(keys.get(1).path("keyId").asText()).isEqualTo(first.current().id());
        // The new backup's WAL starts at segment 5: it does not need the old key.
        assertThat(texts(keys.get(1).path("backups"))).containsExactly("20261101T000000Z");
        assertThat(keys.get(1).path("held").asBoolean()).isTrue();
    }

    @Test
    void listFailsWithExitFourWhenABackupNeedsAKeyThatIsNoLongerHeld() throws Exception {
        Path keyFile = home.resolve("keys/backup.key");
        Keyring old = KeyFiles.generate(keyFile);
        storeBackup(old, "20261101T000000Z", 1, "000000010000000000000001");
        Keyring fresh = KeyFiles.rotate(keyFile);
        storeBackup(fresh, "20261201T000000Z", 5, "000000010000000000000005");
        // Someone drops the old key from the file too early.
        Files.writeString(keyFile, Files.readAllLines(keyFile).getFirst() + "\n");

        Run list = run("key", "list");

        assertThat(list.code()).isEqualTo(4);
        assertThat(list.out()).contains(old.current().id()).contains("NO").contains("20261101T000000Z");
        assertThat(list.err().lines().filter(l -> l.startsWith("dhakacart dr key list:")).toList()).singleElement()
                .asString().contains(old.current().id()).contains("not held");
        assertThat(list.out()).contains(fresh.current().id());
    }

    @Test
    void rotateWithoutAKeyFileSaysSoAndCreatesNothing() {
        Run run = run("key", "rotate");

        assertThat(run.code()).isEqualTo(4);
        assertThat(run.err()).contains("no key file");
        assertThat(home.resolve("keys")).doesNotExist();
    }

    private void storeBackup(Keyring keyring, String id, int timeline, String walSegment) throws Exception {
        try (Vault vault = Vaults.open(List.of(home.resolve("backups").toUri()), keyring)) {
            BaseBackup backup = new BaseBackup(id, timeline, "0/" + walSegment.substring(23) + "000028",
                    "0/" + walSegment.substring(23) + "000100", Instant.parse("2026-11-01T00:00:00Z"),
                    Instant.parse("2026-11-01T00:00:01Z"), 3, 3, true, "7300000000000000000", "15.0", List.of("base.tar"));
            Path plain = Files.writeString(home.resolve("plain-" + id), "tar");
            vault.store(backup.key("base.tar"), plain);
            vault.store("wal/" + walSegment, plain);
            Path descriptor = home.resolve("descriptor-" + id);
            Catalogue.JSON.writeValue(descriptor.toFile(), backup);
            vault.store(backup.key(BaseBackup.DESCRIPTOR), descriptor);
        }
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
