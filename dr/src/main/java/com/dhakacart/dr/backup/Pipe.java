package com.dhakacart.dr.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Tar.Source} on its own thread and hands what it writes to the caller as an InputStream, in
 * chunks of 256 KiB with at most eight in flight. A restore opens a backup file (GCM, zstd) on one core while
 * it writes files to disk on the other: on one thread, a gigabyte took 3.9 s here, the sum of the two.
 * The writer's failure is thrown by the reader, after the bytes written before it, and an end of stream is
 * only ever given once the source returned normally (for the vault: every tag and the checksum checked).
 * Once the reader is closed, the writer's next write fails. {@link java.io.PipedInputStream} moves bytes one
 * buffer at a time and its writer sleeps up to a second when the buffer is full.
 */
final class Pipe extends InputStream {

    private static final int CHUNK = 256 << 10;
    private static final int CHUNKS = 8;
    private static final Chunk END = new Chunk(new byte[0], 0, null);

    private record Chunk(byte[] bytes, int length, Throwable failure) {
    }

    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(CHUNKS);
    /** One more place than there are buffers: the end or the failure never waits. */
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private volatile boolean readerClosed;
    private Chunk reading;
    private int readAt;
    private boolean ended;

    private Pipe() {
        for (int i = 0; i < CHUNKS; i++) {
            empty.add(new byte[CHUNK]);
        }
    }

    /** Starts {@code source} on a thread named {@code name}; read its bytes from what this returns. */
    static InputStream from(String name, Tar.Source source) {
        Pipe pipe = new Pipe();
        Thread.ofPlatform().daemon().name(name).start(() -> {
            Sink sink = pipe.new Sink();
            try {
                source.writeTo(sink);
                sink.finish();
            } catch (Throwable failure) {
                pipe.filled.add(new Chunk(null, 0, failure));
            }
        });
        return pipe;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!next()) {
            return -1;
        }
        int n = Math.min(len, reading.length - readAt);
        System.arraycopy(reading.bytes, readAt, b, off, n);
        readAt += n;
        return n;
    }

    /** Hands whole chunks on, without copying them into a buffer of its own first. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        long moved = 0;
        while (next()) {
            int n = reading.length - readAt;
            out.write(reading.bytes, readAt, n);
            readAt += n;
            moved += n;
        }
        return moved;
    }

    /** Makes {@link #reading} a chunk with bytes left, or returns false at the end; throws the writer's failure. */
    private boolean next() throws IOException {
        if (ended) {
            return false;
        }
        if (reading != null && readAt < reading.length) {
            return true;
        }
        if (reading != null) {
            empty.add(reading.bytes);
            reading = null;
        }
        Chunk chunk;
        try {
            chunk = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the backup's bytes");
        }
        if (chunk.failure != null) {
            ended = true;
            throw rethrown(chunk.failure);
        }
        if (chunk == END) {
            ended = true;
            return false;
        }
        reading = chunk;
        readAt = 0;
        return true;
    }

    /** A failure from another thread, to throw here: as it was when it can be, else as an IOException. */
    static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }

    @Override
    public void close() {
        readerClosed = true;
    }

    /** The writing end, used by the source's thread only. */
    private final class Sink extends OutputStream {
        private byte[] buffer;
        private int fill;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (buffer == null) {
                    buffer = takeEmpty();
                    fill = 0;
                }
                int n = Math.min(len, CHUNK - fill);
                System.arraycopy(b, off, buffer, fill, n);
                fill += n;
                off += n;
                len -= n;
                if (fill == CHUNK) {
                    filled.add(new Chunk(buffer, fill, null));
                    buffer = null;
                }
            }
        }

        void finish() {
            if (buffer != null && fill > 0) {
                filled.add(new Chunk(buffer, fill, null));
                buffer = null;
            }
            filled.add(END);
        }

        private byte[] takeEmpty() throws IOException {
            try {
                while (true) {
                    if (readerClosed) {
                        throw new IOException("the reader of the backup's bytes stopped");
                    }
                    byte[] next = empty.poll(100, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        return next;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while handing on the backup's bytes");
            }
        }
    }
}
