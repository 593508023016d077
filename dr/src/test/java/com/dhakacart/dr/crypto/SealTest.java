package com.dhakacart.dr.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sealed format on its own: plaintext comes back only from whole, unaltered, correctly keyed bytes
 * opened under the name they were sealed for.
 */
class SealTest {

    /** Ciphertext segment size used here, so that a few KiB span several segments. */
    static final int CHUNK = 4096;
    static final String NAME = "wal/000000010000000000000007";

    @TempDir
    Path dir;

    @Test
    void roundTripsEmptyTinyExactAndMultiChunkPlaintexts() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        for (int size : new int[]{0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 50 * CHUNK + 7}) {
            byte[] plain = random(size, size);

            assertThat(open(seal(plain, keyring), keyring)).as("%d bytes", size).isEqualTo(plain);
        }
    }

    @Test
    void refusesSealedBytesCutAtAChunkBoundary() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        // Random bytes barely compress, so the sealed stream has several full chunks.
        byte[] sealed = seal(random(10 * CHUNK, 1), keyring);
        int header = headerLength(keyring);
        int chunk = CHUNK;

        for (int chunks = 1; chunks * chunk + header < sealed.length; chunks++) {
            byte[] cut = Arrays.copyOf(sealed, header + chunks * chunk);
            assertThatThrownBy(() -> open(cut, keyring)).as("cut after %d chunks", chunks).isInstanceOf(SealBroken.class);
        }
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, header), keyring)).isInstanceOf(SealBroken.class);
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, header - 1), keyring)).isInstanceOf(SealBroken.class);
        assertThatThrownBy(() -> open(new byte[0], keyring)).isInstanceOf(SealBroken.class);
    }

    @Test
    void refusesSwappedOrRepeatedChunks() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        byte[] sealed = seal(random(10 * CHUNK, 2), keyring);
        int header = headerLength(keyring);
        int chunk = CHUNK;

        // Tink's first segment is shorter (its own header comes first): swap the second and third.
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, header + 2 * chunk, swapped, header + chunk, chunk);
        System.arraycopy(sealed, header + chunk, swapped, header + 2 * chunk, chunk);
        assertThatThrownBy(() -> open(swapped, keyring)).isInstanceOf(SealBroken.class);

        byte[] extra = Arrays.copyOf(sealed, sealed.length + chunk);
        System.arraycopy(sealed, header + chunk, extra, sealed.length, chunk);
        assertThatThrownBy(() -> open(extra, keyring)).isInstanceOf(SealBroken.class);
    }

    @Test
    void refusesAFileWhoseHeaderWasSwappedForAnotherFilesHeader() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        byte[] first = seal(random(3 * CHUNK, 3), keyring);
        byte[] second = seal(random(3 * CHUNK, 4), keyring);
        // Ours, then Tink's (version byte, 32-byte salt, 7-byte nonce prefix): the per-file key material.
        System.arraycopy(second, 0, first, 0, headerLength(keyring) + 40);

        assertThatThrownBy(() -> open(first, keyring)).isInstanceOf(SealBroken.class);
    }

    @Test
    void refusesBytesOpenedUnderAnotherNameThanTheyWereSealedFor() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        byte[] sealed = seal("commit 42".getBytes(StandardCharsets.UTF_8), keyring);

        assertThat(new String(open(sealed, keyring, NAME), StandardCharsets.UTF_8)).isEqualTo("commit 42");
        assertThatThrownBy(() -> open(sealed, keyring, "wal/000000010000000000000008")).isInstanceOf(SealBroken.class)
                .hasMessageContaining("another name");
        assertThatThrownBy(() -> open(sealed, keyring, "base/20261127T010203Z/base.tar")).isInstanceOf(SealBroken.class);
    }

    @Test
    void refusesTheFirstVersionsFormatWithItsOwnMessage() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        byte[] v1 = Arrays.copyOf("DCSF".getBytes(StandardCharsets.US_ASCII), 80);
        v1[4] = 1;

        assertThatThrownBy(() -> open(v1, keyring)).isInstanceOf(FormatUnsupported.class).hasMessageContaining("format 1");
    }

    @Test
    void namesTheMissingKeyWhenTheKeyringLacksIt() throws IOException {
        Keyring sealer = KeyFiles.generate(dir.resolve("a"));
        Keyring other = KeyFiles.generate(dir.resolve("b"));
        byte[] sealed = seal("secret".getBytes(StandardCharsets.UTF_8), sealer);

        assertThatThrownBy(() -> open(sealed, other)).isInstanceOf(KeyNotHeld.class)
                .hasMessageContaining(sealer.current().id()).hasMessageContaining(other.current().id());
    }

    @Test
    void opensWithTheSameKeyUnderANewIdByItsFingerprint() throws IOException {
        Keyring sealer = KeyFiles.generate(dir.resolve("a"));
        byte[] sealed = seal("renamed".getBytes(StandardCharsets.UTF_8), sealer);
        String line = java.nio.file.Files.readString(dir.resolve("a")).strip();
        Path renamed = java.nio.file.Files.writeString(dir.resolve("renamed"), "new-name" + line.substring(line.indexOf(':')) + "\n");

        assertThat(new String(open(sealed, Keyring.fromFile(renamed)), StandardCharsets.UTF_8)).isEqualTo("renamed");
    }

    @Test
    void compressesBeforeEncrypting() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        byte[] repetitive = "customer=rahim.uddin@example.com;total=1250.00\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);

        byte[] sealed = seal(repetitive, keyring);

        assertThat(sealed.length).isLessThan(repetitive.length / 20);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("rahim");
    }

    @Test
    void sealsTheSamePlaintextDifferentlyEachTime() throws IOException {
        Keyring keyring = KeyFiles.generate(dir.resolve("k"));
        byte[] plain = "same".getBytes(StandardCharsets.UTF_8);

        assertThat(seal(plain, keyring)).isNotEqualTo(seal(plain, keyring));
    }

    static byte[] seal(byte[] plain, Keyring keyring) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = Seal.sealing(sealed, keyring, NAME, CHUNK)) {
            out.write(plain);
        }
        return sealed.toByteArray();
    }

    static byte[] open(byte[] sealed, Keyring keyring) throws IOException {
        return open(sealed, keyring, NAME);
    }

    static byte[] open(byte[] sealed, Keyring keyring, String name) throws IOException {
        try (InputStream in = Seal.opening(new ByteArrayInputStream(sealed), keyring, name)) {
            return in.readAllBytes();
        }
    }

    static int headerLength(Keyring keyring) {
        return SealFormat.header(CHUNK, keyring.current()).length;
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
