package com.dhakacart.dr.backup;

import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.settings.ScratchShop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The check a backup now gets instead of pg_verifybackup on an unpacked copy, on a real pg_basebackup stream:
 * it passes an intact copy and names the file when one byte anywhere is changed or the stream is cut short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestCheckIT {

    private ScratchShop shop;
    private byte[] stream;

    @BeforeAll
    void copyACluster() throws Exception {
        shop = new ScratchShop("manifest-check");
        Postgres postgres = shop.dr();
        Process copy = postgres.client("pg_basebackup", List.of("-D", "-", "-Ft", "-X", "fetch", "-c", "fast", "--no-password"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = copy.getInputStream()) {
            stream = in.readAllBytes();
        }
        assertThat(copy.waitFor()).isZero();
    }

    @AfterAll
    void cleanUp() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void anIntactCopyPassesEveryFileAgainstItsManifest(@TempDir Path wal) throws IOException {
        ManifestCheck check = feed(stream, wal);
        String manifest = new String(check.finish(), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"Path\": \"global/pg_control\"");
        assertThat(check.files()).isGreaterThan(500);
        // the WAL of the copy is kept apart for pg_waldump
        try (var segments = Files.list(wal)) {
            assertThat(segments.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("[0-9A-F]{24}"));
        }
    }

    @Test
    void oneChangedByteInAFileIsCaughtAndTheFileNamed(@TempDir Path wal) {
        byte[] changed = stream.clone();
        int data = dataOffset(changed, "global/pg_control");
        changed[data + 100] ^= 0x01;
        assertThatThrownBy(() -> feed(changed, wal).finish()).isInstanceOf(BackupCheckFailed.class)
                .hasMessageContaining("global/pg_control does not match its checksum in the backup manifest");
    }

    @Test
    void aChangedManifestIsCaughtByItsOwnChecksum(@TempDir Path wal) {
        byte[] changed = stream.clone();
        int data = dataOffset(changed, ManifestCheck.MANIFEST);
        int at = indexOf(changed, "\"Size\": ".getBytes(StandardCharsets.US_ASCII), data) + 8;
        changed[at] = (byte) (changed[at] == '9' ? '8' : changed[at] + 1);
        assertThatThrownBy(() -> feed(changed, wal).finish()).isInstanceOf(BackupCheckFailed.class)
                .hasMessageContaining("does not match its own checksum");
    }

    @Test
    void aStreamCutShortIsNeverTakenForABackup(@TempDir Path wal) {
        byte[] cut = Arrays.copyOf(stream, dataOffset(stream, "global/pg_control") + 4000);
        assertThatThrownBy(() -> feed(cut, wal).finish()).isInstanceOf(BackupCheckFailed.class)
                .hasMessageContaining("ended in the middle of global/pg_control");
    }

    @Test
    void aCopyTheServerCompressedIsCheckedAgainstTheManifestBesideItAndNoOther(@TempDir Path dir) throws Exception {
        // What a backup of PostgreSQL 15 does: the server compresses (zstd), the manifest is a file beside the tar.
        Path into = dir.resolve("copy");
        Process copy = shop.dr().client("pg_basebackup", List.of("-D", into.toString(), "-Ft", "-X", "fetch", "-c", "fast",
                "--compress=server-zstd:level=1", "--no-sync", "--no-password")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(copy.waitFor()).isZero();
        byte[] manifest = Files.readAllBytes(into.resolve(ManifestCheck.MANIFEST));
        ManifestCheck check = new ManifestCheck(dir.resolve("wal"));
        try (InputStream in = Files.newInputStream(into.resolve("base.tar.zst"))) {
            Tar.decompress(in, check);
        }
        assertThat(check.finish(manifest)).isEqualTo(manifest);
        assertThat(check.files()).isGreaterThan(500);
        assertThat(check.bytes()).isGreaterThan(Files.size(into.resolve("base.tar.zst")));

        // The manifest of the earlier copy does not fit this one: its backup label (start LSN, time) differs.
        byte[] earlier = feed(stream, dir.resolve("wal-earlier")).finish();
        ManifestCheck mixed = new ManifestCheck(dir.resolve("wal-mixed"));
        try (InputStream in = Files.newInputStream(into.resolve("base.tar.zst"))) {
            Tar.decompress(in, mixed);
        }
        assertThatThrownBy(() -> mixed.finish(earlier)).isInstanceOf(BackupCheckFailed.class)
                .hasMessageContaining("does not match its checksum in the backup manifest");
    }

    private static ManifestCheck feed(byte[] bytes, Path wal) throws IOException {
        ManifestCheck check = new ManifestCheck(wal);
        // in uneven pieces, as a pipe delivers them
        for (int off = 0, piece = 1; off < bytes.length; off += piece, piece = piece * 7 % 65_521 + 1) {
            check.write(bytes, off, Math.min(piece, bytes.length - off));
        }
        return check;
    }

    /** Where a member's data starts: the block after the header that names it. */
    private static int dataOffset(byte[] tar, String name) {
        byte[] wanted = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        for (int block = 0; block + 512 <= tar.length; block += 512) {
            if (Arrays.equals(tar, block, block + wanted.length, wanted, 0, wanted.length)) {
                return block + 512;
            }
        }
        throw new AssertionError(name + " is not in the stream");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
