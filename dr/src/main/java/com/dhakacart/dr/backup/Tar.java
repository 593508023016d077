package com.dhakacart.dr.backup;

import com.dhakacart.dr.settings.Postgres;

import java.io.IOException;
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
        Files.createDirectories(into);
        Postgres.run(new ProcessBuilder(List.of("tar", "-xf", archive.toString(), "-C", into.toString(),
                "--no-same-owner")), Duration.ofHours(2));
    }

    /**
     * Unpacks the tar stream {@code source} writes into {@code into} as it arrives, syncing the files to disk as
     * they are written ({@link TarUnpacker}), so a restore never lands the archive on disk first nor waits for a
     * gigabyte of page cache at the end. When {@code source} fails, its failure is thrown: what was unpacked so
     * far is the caller's to delete.
     */
    public static void extract(Source source, Path into) throws IOException {
        TarUnpacker unpacker = new TarUnpacker(into);
        try (OutputStream buffered = new java.io.BufferedOutputStream(unpacker, 1 << 20) {
            @Override
            public void close() throws IOException {
                flush(); // the unpacker is finished (or thrown away) below, not closed here
            }
        }) {
            source.writeTo(buffered);
        } catch (IOException | RuntimeException e) {
            unpacker.close();
            throw e;
        }
        unpacker.finish();
    }

}
