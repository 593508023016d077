package com.dhakacart.dr.backup;

import com.dhakacart.dr.settings.Postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Unpacks pg_basebackup's tar files with the system tar, which keeps modes and handles every tar dialect. */
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
     * Unpacks the tar stream {@code source} writes into {@code into} as it arrives, so a restore never
     * lands the archive on disk first. When {@code source} fails, tar is stopped and the failure thrown:
     * what was unpacked so far is the caller's to delete.
     */
    public static void extract(Source source, Path into) throws IOException {
        Files.createDirectories(into);
        Process tar = new ProcessBuilder(List.of("tar", "-xf", "-", "-C", into.toString(), "--no-same-owner"))
                .redirectErrorStream(true).start();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = tar.getInputStream()) {
                in.transferTo(messages);
            } catch (IOException ignored) {
                // tar was stopped; its exit code tells
            }
        });
        Thread flusher = Thread.ofPlatform().daemon().name("restore-writeback").start(() -> writeBack(into));
        try {
            TarInput input = new TarInput(tar.getOutputStream());
            try (OutputStream stdin = new java.io.BufferedOutputStream(input, 1 << 20)) {
                source.writeTo(stdin);
            } catch (IOException e) {
                if (input.failure != null && tar.waitFor(5, TimeUnit.SECONDS) && tar.exitValue() != 0) {
                    // tar gave up first (a full disk, a bad archive): its reason, not "broken pipe"
                    reader.join(1000);
                    throw new IOException("tar could not unpack into " + into + ": " + text(messages), e);
                }
                throw e; // the source's own failure (a damaged backup file): the caller's exit code depends on it
            }
            if (!tar.waitFor(2, TimeUnit.HOURS)) {
                throw new IOException("tar did not finish unpacking into " + into + " in 2 hours");
            }
            reader.join(1000);
            if (tar.exitValue() != 0) {
                throw new IOException("tar could not unpack into " + into + " (exit " + tar.exitValue() + "): " + text(messages));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while unpacking into " + into);
        } finally {
            flusher.interrupt();
            tar.destroyForcibly();
        }
    }

    /**
     * Writes what tar has unpacked so far to disk, every half second until interrupted. The kernel would hold a
     * gigabyte of restored files in memory for up to 30 s, and PostgreSQL's start then waits for all of it to
     * reach the disk at once (recovery_init_sync_method): seconds of the RTO. Flushed as it is unpacked, the disk
     * works while the CPU decrypts and decompresses. Durability is unchanged: PostgreSQL still syncs everything
     * before recovery, it just finds little left to do.
     */
    private static void writeBack(Path into) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(500);
                Process sync = new ProcessBuilder("sync", "-f", into.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                sync.waitFor();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                return; // no sync(1): PostgreSQL's own sync at start does it all, as before
            }
        }
    }

    /** tar's stdin, remembering whether writing to tar (rather than producing the bytes) failed. */
    private static final class TarInput extends java.io.FilterOutputStream {
        IOException failure;

        TarInput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    private static String text(ByteArrayOutputStream messages) {
        return messages.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
