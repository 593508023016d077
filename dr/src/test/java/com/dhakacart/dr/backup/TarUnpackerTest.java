package com.dhakacart.dr.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The restore's unpacker against archives written by GNU tar in pg_basebackup's format (ustar). */
class TarUnpackerTest {

    @Test
    void unpacksFilesDirectoriesAndLinksWithTheirModesAndEveryByte(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("base/5"));
        byte[] large = new byte[40 << 20]; // larger than one sync step
        new Random(7).nextBytes(large);
        Files.write(source.resolve("base/5/16384"), large);
        Files.writeString(source.resolve("PG_VERSION"), "15\n");
        Files.createFile(source.resolve("empty"));
        Files.setPosixFilePermissions(source.resolve("PG_VERSION"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(source.resolve("base"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(source.resolve("tablespace"), Path.of("/srv/tablespace"));
        Path archive = tar(source, dir.resolve("backup.tar"));

        Path into = dir.resolve("restored");
        Tar.extract(out -> Files.copy(archive, out), into);

        assertThat(Arrays.equals(Files.readAllBytes(into.resolve("base/5/16384")), large)).isTrue();
        assertThat(Files.readString(into.resolve("PG_VERSION"))).isEqualTo("15\n");
        assertThat(Files.size(into.resolve("empty"))).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("PG_VERSION")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(into.resolve("base")))).isEqualTo("rwx------");
        assertThat(Files.readSymbolicLink(into.resolve("tablespace"))).isEqualTo(Path.of("/srv/tablespace"));
    }

    @Test
    void aTarTheServerCompressedUnpacksToTheSameBytes(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("base/5"));
        byte[] table = new byte[3 << 20];
        for (int i = 0; i < table.length; i++) {
            table[i] = (byte) (i % 251 < 200 ? 0 : i); // table-like: compresses, but not to nothing
        }
        Files.write(source.resolve("base/5/16384"), table);
        Files.writeString(source.resolve("PG_VERSION"), "15\n");
        byte[] compressed = com.github.luben.zstd.Zstd.compress(Files.readAllBytes(tar(source, dir.resolve("backup.tar"))), 1);
        Path archive = Files.write(dir.resolve("base.tar.zst"), compressed);

        Tar.extract(out -> out.write(compressed), dir.resolve("streamed"), true);
        Tar.extract(archive, dir.resolve("from-file")); // the restore into a mount point: fetched whole first
        for (Path into : List.of(dir.resolve("streamed"), dir.resolve("from-file"))) {
            assertThat(Arrays.equals(Files.readAllBytes(into.resolve("base/5/16384")), table)).isTrue();
            assertThat(Files.readString(into.resolve("PG_VERSION"))).isEqualTo("15\n");
        }
    }

    @Test
    void whenTheSourceFailsAfterItsLastByteThatFailureIsThrownNotAnEnd(@TempDir Path dir) throws Exception {
        // The vault writes every byte and only then finds the checksum wrong: the unpacker has seen a whole tar,
        // and the restore must still fail with the vault's error (and throw the unpacked files away).
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Files.write(source.resolve("16384"), new byte[1 << 20]);
        byte[] archive = Files.readAllBytes(tar(source, dir.resolve("backup.tar")));
        IOException corrupted = new IOException("backup file base/x/base.tar is corrupted: its SHA-256 does not match");
        assertThatThrownBy(() -> Tar.extract(out -> {
            out.write(archive);
            throw corrupted;
        }, dir.resolve("restored"))).isSameAs(corrupted);
        byte[] compressed = com.github.luben.zstd.Zstd.compress(archive, 1);
        assertThatThrownBy(() -> Tar.extract(out -> {
            out.write(compressed);
            throw corrupted;
        }, dir.resolve("restored-zst"), true)).isSameAs(corrupted);
    }

    @Test
    void whenTheUnpackerStopsTheSourceIsStoppedToo(@TempDir Path dir) throws Exception {
        // Bytes that are no tar header stop the unpacker at once; a source that would go on writing for ever
        // must then fail at its next write rather than hold the restore's thread.
        byte[] garbage = new byte[512];
        Arrays.fill(garbage, (byte) 'x');
        java.util.concurrent.atomic.AtomicReference<Throwable> sourceSaw = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch sourceEnded = new java.util.concurrent.CountDownLatch(1);
        assertThatThrownBy(() -> Tar.extract(out -> {
            try {
                out.write(garbage);
                while (true) {
                    out.write(new byte[64 << 10]);
                }
            } catch (IOException e) {
                sourceSaw.set(e);
                throw e;
            } finally {
                sourceEnded.countDown();
            }
        }, dir.resolve("restored"))).isInstanceOf(IOException.class).hasMessageNotContaining("reader");
        assertThat(sourceEnded.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the source stopped").isTrue();
        assertThat(sourceSaw.get()).hasMessageContaining("the reader of the backup's bytes stopped");
    }

    @Test
    void aStreamCutShortIsAnErrorNotAQuietlyShorterFile(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source);
        Files.write(source.resolve("16384"), new byte[1 << 20]);
        byte[] archive = Files.readAllBytes(tar(source, dir.resolve("backup.tar")));
        assertThatThrownBy(() -> Tar.extract(out -> out.write(archive, 0, 600_000), dir.resolve("restored")))
                .isInstanceOf(IOException.class).hasMessageContaining("ended in the middle of ./16384");
    }

    @Test
    void aNameOutsideTheTargetIsRefusedAndNothingIsWrittenThere(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        Files.createDirectories(source.resolve("a"));
        Files.writeString(source.resolve("a/evil"), "x");
        byte[] archive = Files.readAllBytes(tar(source, dir.resolve("backup.tar")));
        // The member "./a/" becomes "../a" (same length): a stream that would climb out of the target.
        int at = -1;
        for (int block = 0; block < archive.length; block += 512) {
            if (new String(archive, block, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("./a/\0")) {
                at = block;
            }
        }
        assertThat(at).as("the header of ./a/").isNotNegative();
        System.arraycopy("../a".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, archive, at, 4);
        byte[] changed = archive;
        assertThatThrownBy(() -> Tar.extract(out -> out.write(changed), dir.resolve("restored")))
                .isInstanceOf(IOException.class).hasMessageContaining("outside the directory it unpacks into");
        assertThat(dir.resolve("a")).doesNotExist();
    }

    private static Path tar(Path source, Path archive) throws Exception {
        Process tar = new ProcessBuilder(List.of("tar", "--format=ustar", "-cf", archive.toString(), "-C", source.toString(), "."))
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return archive;
    }
}
