package com.dhakacart.dr.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unpacks pg_basebackup's tar stream as it is written into it, and gets every file onto the disk while the
 * stream is still coming: each file (and every 32 MiB of a large one) is synced on a small pool of threads,
 * so the disk writes while the CPU decrypts and decompresses, several files at a time. With tar(1) in a pipe
 * the restore wrote a gigabyte into the page cache and then waited for all of it at once (PostgreSQL's
 * start-up sync). pg_basebackup writes regular files, directories and the symbolic links of tablespaces, with
 * names of at most 99 bytes in plain ustar headers; anything else is refused rather than guessed at.
 *
 * <p>Write the stream into it, then call {@link #finish()}; on failure the caller deletes {@code into}.
 */
final class TarUnpacker extends TarStream {

    private static final long SYNC_EVERY = 32L << 20;

    private final Path into;
    private final ExecutorService syncer = Executors.newFixedThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "restore-sync");
        thread.setDaemon(true);
        return thread;
    });
    /** At most this many files written but not yet synced and closed: bounds open files and dirty memory. */
    private final Semaphore unsynced = new Semaphore(64);
    private final AtomicReference<IOException> syncFailure = new AtomicReference<>();
    private String name;
    private FileChannel file;
    private CompletableFuture<Void> fileSyncs;
    private long sinceSync;

    TarUnpacker(Path into) throws IOException {
        this.into = into.toAbsolutePath().normalize();
        Files.createDirectories(this.into);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        IOException failed = syncFailure.get();
        if (failed != null) {
            throw failed;
        }
        super.write(b, off, len);
    }

    @Override
    void member(TarHeader member) throws IOException {
        name = member.name();
        Path path = inside(name);
        Set<PosixFilePermission> mode = mode(member.mode());
        switch (member.type()) {
            case '0', '\0' -> {
                Files.createDirectories(path.getParent());
                file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setPosixFilePermissions(path, mode);
                fileSyncs = CompletableFuture.completedFuture(null);
                sinceSync = 0;
            }
            case '5' -> {
                Files.createDirectories(path);
                Files.setPosixFilePermissions(path, mode);
            }
            case '2' -> {
                Files.createDirectories(path.getParent());
                Files.createSymbolicLink(path, Path.of(member.linkName()));
            }
            default -> throw new IOException("the backup's tar holds " + name + " of a kind pg_basebackup does not write"
                    + " (type '" + member.type() + "'); not unpacked");
        }
    }

    @Override
    void data(byte[] b, int off, int len) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
        try {
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
        } catch (IOException e) {
            throw new IOException("could not write " + name + " into " + into + ": " + e.getMessage(), e);
        }
        sinceSync += len;
        if (sinceSync >= SYNC_EVERY) {
            sinceSync = 0;
            FileChannel channel = file;
            fileSyncs = fileSyncs.thenRunAsync(() -> sync(channel, false), syncer);
        }
    }

    @Override
    void memberEnd() throws IOException {
        closeFile();
    }

    /** Hands the finished file to the pool, which syncs and closes it; waits only when 64 are still pending. */
    private void closeFile() throws IOException {
        FileChannel channel = file;
        file = null;
        try {
            unsynced.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new java.io.InterruptedIOException("interrupted while unpacking into " + into);
        }
        fileSyncs.thenRunAsync(() -> {
            try {
                sync(channel, true);
            } finally {
                unsynced.release();
            }
        }, syncer);
    }

    private void sync(FileChannel channel, boolean close) {
        try {
            if (syncFailure.get() == null) {
                channel.force(false);
            }
        } catch (IOException e) {
            syncFailure.compareAndSet(null, new IOException("could not write the restored files in " + into
                    + " to disk: " + e.getMessage(), e));
        } finally {
            if (close) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // its data was synced above, or the failure recorded
                }
            }
        }
    }

    /** Checks the stream ended where a tar archive ends and every file is on the disk. */
    void finish() throws IOException {
        try {
            checkEnded();
            // Every file's last task (after its partial syncs) gives its permit back: all 64 back, all synced.
            unsynced.acquireUninterruptibly(64);
            unsynced.release(64);
            IOException failed = syncFailure.get();
            if (failed != null) {
                throw failed;
            }
        } finally {
            close();
        }
    }

    /** Stops the pool; a file still open (a stream that broke off) is closed unsynced: the caller deletes it all. */
    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // being thrown away
            }
            file = null;
        }
        syncer.shutdown();
    }

    /** The member's path under {@code into}: an absolute name or one climbing out with ".." is refused. */
    private Path inside(String member) throws IOException {
        Path path = into.resolve(member).normalize();
        if (member.startsWith("/") || !path.startsWith(into)) {
            throw new IOException("the backup's tar names " + member + ", outside the directory it unpacks into; not unpacked");
        }
        return path;
    }

    static Set<PosixFilePermission> mode(long bits) {
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1L << i)) != 0) {
                mode.add(order[i]);
            }
        }
        mode.add(PosixFilePermission.OWNER_READ); // never a file or directory its owner cannot read back
        mode.add(PosixFilePermission.OWNER_WRITE);
        return mode;
    }
}
