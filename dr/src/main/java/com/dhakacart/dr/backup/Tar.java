package com.dhakacart.dr.backup;

import com.dhakacart.dr.settings.Postgres;

import com.github.luben.zstd.ZstdInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Unpacks pg_basebackup's tar files: a stored file with the system tar, a stream as it arrives (TarUnpacker). */
public final class Tar {

    /** Writes a tar stream (a backup file as it is opened and checked). */
    public interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    private Tar() {
    }

    public static void extract(Path archive, Path into) throws IOException {
        if (isCompressed(archive.getFileName().toString())) {
            extract(out -> Files.copy(archive, out), into, true);
            return;
        }
        Files.createDirectories(into);
        Postgres.run(new ProcessBuilder(List.of("tar", "-xf", archive.toString(), "-C", into.toString(),
                "--no-same-owner")), Duration.ofHours(2));
    }

    /**
     * Unpacks the tar stream {@code source} writes into {@code into} as it arrives, syncing the files to disk as
     * they are written ({@link TarUnpacker}), so a restore never lands the archive on disk first nor waits for a
     * gigabyte of page cache at the end. The source runs on a thread of its own ({@link Pipe}); when it fails,
     * its failure is thrown: what was unpacked so far is the caller's to delete.
     */
    public static void extract(Source source, Path into) throws IOException {
        extract(source, into, false);
    }

    /**
     * As {@link #extract(Source, Path)}; with {@code zstd}, the stream is a zstd-compressed tar (the server
     * compressed it: {@code base.tar.zst}), decompressed on a third thread.
     */
    public static void extract(Source source, Path into, boolean zstd) throws IOException {
        TarUnpacker unpacker = new TarUnpacker(into);
        try {
            pump(source, zstd, unpacker);
        } catch (IOException | RuntimeException e) {
            unpacker.close();
            throw e;
        }
        unpacker.finish();
    }

    /**
     * Streams the tar {@code source} writes through {@code delta}, which compares it with the data directory it
     * restores into and touches nothing yet ({@link DeltaUnpacker#apply()} comes after every check).
     */
    public static void compare(Source source, DeltaUnpacker delta, boolean zstd) throws IOException {
        pump(source, zstd, delta);
        delta.finish();
    }

    /** Runs {@code source} (and the decompression) on threads of their own while this one writes into {@code sink}. */
    private static void pump(Source source, boolean zstd, OutputStream sink) throws IOException {
        try (InputStream opened = Pipe.from("restore-open", source);
             InputStream tar = zstd ? Pipe.from("restore-decompress", out -> decompress(opened, out)) : opened) {
            tar.transferTo(sink);
        }
    }

    /** Whether a backup file holds a tar: {@code base.tar}, {@code base.tar.zst}, or an older backup's {@code pg_wal.tar}. */
    public static boolean isTar(String file) {
        return file.endsWith(".tar") || file.endsWith(ZSTD_SUFFIX);
    }

    /** Whether a backup file's tar is zstd-compressed (the server compressed it). */
    public static boolean isCompressed(String file) {
        return file.endsWith(ZSTD_SUFFIX);
    }

    static final String ZSTD_SUFFIX = ".tar.zst";

    /** Writes the zstd stream {@code compressed} decompressed into {@code out}. */
    static void decompress(InputStream compressed, OutputStream out) throws IOException {
        try (ZstdInputStream plain = new ZstdInputStream(compressed)) {
            byte[] buffer = new byte[256 << 10];
            for (int n; (n = plain.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (com.github.luben.zstd.ZstdIOException e) {
            throw new IOException("the backup's compressed tar does not decompress: " + e.getMessage(), e);
        }
    }

}
