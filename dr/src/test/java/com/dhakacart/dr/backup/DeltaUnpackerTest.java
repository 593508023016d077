package com.dhakacart.dr.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delta restore against archives written by GNU tar in pg_basebackup's format, over a changed copy. */
class DeltaUnpackerTest {

    @Test
    void theTargetEndsUpHoldingExactlyTheBackupAndOnlyTheDifferenceIsWritten(@TempDir Path dir) throws Exception {
        Path backup = dir.resolve("backup");
        Files.createDirectories(backup.resolve("base/5"));
        Files.createDirectories(backup.resolve("pg_wal"));
        byte[] table = new byte[5 << 20];
        new Random(3).nextBytes(table);
        Files.write(backup.resolve("base/5/16384"), table);
        Files.write(backup.resolve("base/5/16390"), new byte[200_000]);
        Files.write(backup.resolve("base/5/16400"), new byte[100_000]);
        Files.writeString(backup.resolve("PG_VERSION"), "15\n");
        Files.writeString(backup.resolve("backup_label"), "START WAL LOCATION: 0/2000028\n");
        Files.setPosixFilePermissions(backup.resolve("PG_VERSION"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(backup.resolve("pg_tblspc"), Path.of("/srv/tablespace"));
        byte[] archive = Files.readAllBytes(tar(backup, dir.resolve("backup.tar")));

        // The data directory since: one block of the table changed, one file grew, one shrank, the label gone,
        // a new file, a new directory, an old WAL segment, the link pointing elsewhere, PG_VERSION's mode.
        Path target = dir.resolve("data");
        copy(backup, target);
        byte[] changed = table.clone();
        changed[3_000_000] ^= 0x40;
        Files.write(target.resolve("base/5/16384"), changed);
        Files.write(target.resolve("base/5/16390"), new byte[300_000]);
        Files.write(target.resolve("base/5/16400"), new byte[10_000]);
        Files.delete(target.resolve("backup_label"));
        Files.writeString(target.resolve("base/5/16500"), "a table created after the backup");
        Files.createDirectories(target.resolve("base/6"));
        Files.write(target.resolve("base/6/1"), new byte[8192]);
        Files.write(target.resolve("pg_wal/000000010000000000000009"), new byte[16 << 10]);
        Files.delete(target.resolve("pg_tblspc"));
        Files.createSymbolicLink(target.resolve("pg_tblspc"), Path.of("/elsewhere"));
        Files.setPosixFilePermissions(target.resolve("PG_VERSION"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Map<String, String> before = snapshot(target);

        Path staging = dir.resolve("staging");
        DeltaUnpacker delta = new DeltaUnpacker(target, staging);
        Tar.compare(out -> out.write(archive), delta, false);
        assertThat(snapshot(target)).as("comparing touches nothing").isEqualTo(before);

        DeltaUnpacker.Result result = delta.apply();
        delta.close();
        assertThat(snapshot(target)).isEqualTo(snapshot(backup));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("PG_VERSION")))).isEqualTo("rw-------");
        assertThat(result.added()).isEqualTo(1); // backup_label
        assertThat(result.patched()).isEqualTo(3); // the changed block, the grown file, the shrunk one
        assertThat(result.deleted()).isEqualTo(4); // 16500, base/6 and its file, the old WAL segment
        // The table's one changed 64 KiB block, the shrunk file's missing 90,000 bytes (two blocks) and the label:
        // a small part of the 5.3 MB the backup holds.
        assertThat(result.bytesWritten()).isLessThan(300_000);
        assertThat(result.bytesInBackup()).isGreaterThan(5_000_000);
    }

    @Test
    void aDirectoryTheTargetHadAsALinkElsewhereBecomesTheBackupsDirectory(@TempDir Path dir) throws Exception {
        // pg_wal moved to another disk by a symbolic link: its files are not the target's to patch.
        Path backup = dir.resolve("backup");
        Files.createDirectories(backup.resolve("pg_wal"));
        Files.write(backup.resolve("pg_wal/000000010000000000000002"), new byte[100_000]);
        Files.writeString(backup.resolve("PG_VERSION"), "15\n");
        byte[] archive = Files.readAllBytes(tar(backup, dir.resolve("backup.tar")));
        Path target = dir.resolve("data");
        Path elsewhere = Files.createDirectories(dir.resolve("other-disk/pg_wal"));
        Files.write(elsewhere.resolve("000000010000000000000002"), new byte[90_000]);
        Files.createDirectories(target);
        Files.writeString(target.resolve("PG_VERSION"), "15\n");
        Files.createSymbolicLink(target.resolve("pg_wal"), elsewhere);

        DeltaUnpacker delta = new DeltaUnpacker(target, dir.resolve("staging"));
        Tar.compare(out -> out.write(archive), delta, false);
        delta.apply();
        delta.close();
        assertThat(snapshot(target)).isEqualTo(snapshot(backup));
        assertThat(Files.size(elsewhere.resolve("000000010000000000000002"))).as("nothing written elsewhere").isEqualTo(90_000);
    }

    @Test
    void aStreamThatFailsItsChecksLeavesTheTargetUntouched(@TempDir Path dir) throws Exception {
        Path backup = dir.resolve("backup");
        Files.createDirectories(backup.resolve("base/5"));
        Files.write(backup.resolve("base/5/16384"), new byte[1 << 20]);
        byte[] archive = Files.readAllBytes(tar(backup, dir.resolve("backup.tar")));
        Path target = dir.resolve("data");
        Files.createDirectories(target.resolve("base/5"));
        Files.write(target.resolve("base/5/16384"), new byte[2 << 20]);
        Files.writeString(target.resolve("PG_VERSION"), "15\n");
        Map<String, String> before = snapshot(target);

        DeltaUnpacker delta = new DeltaUnpacker(target, dir.resolve("staging"));
        IOException corrupted = new IOException("backup file base/x/base.tar.zst is corrupted");
        assertThatThrownBy(() -> Tar.compare(out -> {
            out.write(archive);
            throw corrupted;
        }, delta, false)).isSameAs(corrupted);
        delta.close();
        assertThat(snapshot(target)).isEqualTo(before);
    }

    /** Every path under {@code root} with its kind, mode and bytes (or link target). */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(p -> !p.equals(root)).toList()) {
                String what;
                if (Files.isSymbolicLink(path)) {
                    what = "link " + Files.readSymbolicLink(path);
                } else if (Files.isDirectory(path)) {
                    what = "dir";
                } else {
                    what = PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + " "
                            + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(path)));
                }
                all.put(root.relativize(path).toString(), what);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return all;
    }

    private static void copy(Path from, Path to) throws Exception {
        Process cp = new ProcessBuilder(List.of("cp", "-a", from.toString(), to.toString())).inheritIO().start();
        assertThat(cp.waitFor()).isZero();
    }

    private static Path tar(Path source, Path archive) throws Exception {
        Process tar = new ProcessBuilder(List.of("tar", "--format=ustar", "-cf", archive.toString(), "-C", source.toString(), "."))
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return archive;
    }
}
