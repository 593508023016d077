package com.dhakacart.dr.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The file a Redis backup is written to: a header ({@code "DCRD"}, version 1), then one record per key
 * (key length u32, key, absolute expiry in Unix milliseconds or -1, DUMP payload length u32, payload),
 * then an end mark (u32 0xFFFFFFFF) and the record count (u64). Keys and values are opaque bytes.
 * The vault encrypts and authenticates the file; the end mark and count catch a writer that stopped early.
 */
final class RedisDumpFile {

    static final byte[] MAGIC = "DCRD".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final long NO_EXPIRY = -1;
    private static final int END = 0xFFFFFFFF;

    private RedisDumpFile() {
    }

    /** One key as DUMP gave it, with when it expires (absolute, in the server's clock) or {@link #NO_EXPIRY}. */
    record Entry(byte[] key, long expireAtMillis, byte[] payload) {
    }

    /** Writes records in order; {@link #close()} writes the end mark, so an unclosed file is refused on read. */
    static final class Writer implements AutoCloseable {
        private final DataOutputStream out;
        private long count;

        Writer(Path file) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            out.write(MAGIC);
            out.writeByte(VERSION);
        }

        void write(Entry entry) throws IOException {
            out.writeInt(entry.key().length);
            out.write(entry.key());
            out.writeLong(entry.expireAtMillis());
            out.writeInt(entry.payload().length);
            out.write(entry.payload());
            count++;
        }

        long count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            out.writeInt(END);
            out.writeLong(count);
            out.close();
        }
    }

    /** Reads records back; {@link #next()} returns null after the last one, once the end mark and count check out. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private final Path file;
        private long read;

        Reader(Path file) throws IOException {
            this.file = file;
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            byte[] magic = in.readNBytes(4);
            if (!Arrays.equals(magic, MAGIC) || in.read() != VERSION) {
                throw new IOException(file + " is not a DhakaCart Redis backup (bad header)");
            }
        }

        Entry next() throws IOException {
            try {
                int keyLength = in.readInt();
                if (keyLength == END) {
                    long count = in.readLong();
                    if (count != read) {
                        throw new IOException(file + " is inconsistent: it says " + count + " keys but holds " + read);
                    }
                    return null;
                }
                byte[] key = readBytes(keyLength);
                long expireAt = in.readLong();
                byte[] payload = readBytes(in.readInt());
                read++;
                return new Entry(key, expireAt, payload);
            } catch (EOFException e) {
                throw new IOException(file + " ends early, after " + read + " keys: the backup was not finished");
            }
        }

        private byte[] readBytes(int length) throws IOException {
            if (length < 0 || length > 512 * 1024 * 1024) {
                throw new IOException(file + " is damaged: a record claims " + length + " bytes");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return bytes;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
