package com.dhakacart.dr.crypto;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Seals and opens backup bytes as streams: zstd compression, then Tink's AES-GCM-HKDF streaming AEAD
 * under the keyring's current key (layout in {@link SealFormat}), with the object's name as associated
 * data. Memory use is one segment whatever the file size.
 */
public final class Seal {

    /**
     * zstd level 1 with background workers: on table-like data it compressed 256 MiB in 1.0 s (ratio 3.5)
     * against 4.3 s (ratio 3.2) for level 3 on this 2-core machine, and backup time is on the RTO/RPO path.
     */
    static final int ZSTD_LEVEL = 1;
    private static final int ZSTD_WORKERS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private Seal() {
    }

    /**
     * Starts getting AES-GCM compiled in the background, so that it is ready when the first large file flows.
     * Not at the JVM's start: on two cores it slowed every command's start by 0.3-0.5 s (dr list took 1.5 s
     * instead of 1.2 s), and most commands open only small files.
     */
    public static void warmUpInBackground() {
        GcmWarmup.start();
    }

    /** Waits for that: before opening a large file (sealing always waits). */
    public static void warmUpForLargeData() {
        GcmWarmup.ensure();
    }

    /**
     * A stream that takes plaintext and writes sealed bytes to {@code sealedOut}; close it to finish the file.
     * {@code objectName} is where the bytes will be stored: they open only under that name.
     */
    public static OutputStream sealing(OutputStream sealedOut, Keyring keyring, String objectName) throws IOException {
        return sealing(sealedOut, keyring, objectName, SealFormat.DEFAULT_SEGMENT_SIZE);
    }

    /** As {@link #sealing(OutputStream, Keyring, String)} with a chosen ciphertext segment size (1 KiB to 16 MiB). */
    public static OutputStream sealing(OutputStream sealedOut, Keyring keyring, String objectName, int segmentSize)
            throws IOException {
        SealFormat.checkSegmentSize(segmentSize);
        GcmWarmup.ensure();
        SealingKey key = keyring.current();
        byte[] header = SealFormat.header(segmentSize, key);
        sealedOut.write(header);
        OutputStream encrypted;
        try {
            encrypted = key.streamingAead(segmentSize)
                    .newEncryptingStream(new Unclosed(sealedOut), SealFormat.associatedData(header, objectName));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start encrypting " + objectName + ": " + e.getMessage(), e);
        }
        ZstdOutputStream compressed = new ZstdOutputStream(new ClosingBoth(encrypted, sealedOut), ZSTD_LEVEL);
        // The AEAD already authenticates every byte; zstd's own checksum would add nothing.
        compressed.setChecksum(false);
        if (ZSTD_WORKERS > 1) {
            // Compression then overlaps with reading the source and with encryption.
            compressed.setWorkers(ZSTD_WORKERS);
        }
        return compressed;
    }

    /**
     * A stream that reads sealed bytes from {@code sealedIn} and gives the plaintext. It reaches its end
     * only after the whole file, up to the final segment, has been authenticated as {@code objectName}.
     *
     * @throws KeyNotHeld at once when the file's key is not in the keyring
     * @throws FormatUnsupported at once for a file in another format (the first version's)
     * @throws SealBroken (also from reads) when the bytes were changed, cut short, or belong to another name
     */
    public static InputStream opening(InputStream sealedIn, Keyring keyring, String objectName) throws IOException {
        SourceGuard source = new SourceGuard(sealedIn);
        byte[] fixed = source.readNBytes(SealFormat.FIXED_BYTES);
        if (fixed.length >= 4 && Arrays.equals(fixed, 0, 4, SealFormat.MAGIC_V1, 0, 4)) {
            throw new FormatUnsupported("written in format 1 by an older dhakacart dr; this version reads format "
                    + SealFormat.VERSION + " only");
        }
        if (fixed.length < SealFormat.FIXED_BYTES) {
            throw new SealBroken("cut short inside the header");
        }
        if (!Arrays.equals(fixed, 0, 4, SealFormat.MAGIC, 0, 4)) {
            throw new SealBroken("not a sealed backup file (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(fixed, 4, fixed.length - 4);
        int version = b.get();
        int compression = b.get();
        int segmentSize = b.getInt();
        int idLength = b.get() & 0xff;
        if (version != SealFormat.VERSION) {
            throw new FormatUnsupported("sealed in format " + version + "; this tool reads format " + SealFormat.VERSION);
        }
        if (compression != SealFormat.COMPRESSION_ZSTD || idLength == 0 || segmentSize < SealFormat.MIN_SEGMENT_SIZE
                || segmentSize > SealFormat.MAX_SEGMENT_SIZE) {
            throw new SealBroken("damaged header");
        }
        byte[] rest = source.readNBytes(idLength + SealFormat.FINGERPRINT_BYTES);
        if (rest.length < idLength + SealFormat.FINGERPRINT_BYTES) {
            throw new SealBroken("cut short inside the header");
        }
        String keyId = new String(rest, 0, idLength, StandardCharsets.US_ASCII);
        byte[] fingerprint = Arrays.copyOfRange(rest, idLength, rest.length);
        SealingKey key = keyring.find(keyId, fingerprint).orElseThrow(() -> new KeyNotHeld(
                "sealed with key '" + keyId + "', which is not among the keys held (" + String.join(", ", keyring.ids()) + ")"));
        if (!key.hasFingerprint(fingerprint)) {
            throw new KeyNotHeld("sealed with a different key under the id '" + keyId + "' (fingerprint "
                    + java.util.HexFormat.of().formatHex(fingerprint) + ", ours " + key.fingerprintHex() + ")");
        }
        byte[] header = new byte[fixed.length + rest.length];
        System.arraycopy(fixed, 0, header, 0, fixed.length);
        System.arraycopy(rest, 0, header, fixed.length, rest.length);
        InputStream decrypted;
        try {
            decrypted = key.streamingAead(segmentSize).newDecryptingStream(source, SealFormat.associatedData(header, objectName));
        } catch (GeneralSecurityException e) {
            throw new SealBroken("cannot start decrypting: " + e.getMessage(), e);
        }
        return new Plaintext(decrypted);
    }

    /** Decompresses, and insists on authenticating the rest of the file once the compressed frame ends. */
    private static final class Plaintext extends FilterInputStream {
        private final InputStream decrypted;
        private boolean ended;

        Plaintext(InputStream decrypted) throws IOException {
            super(new ZstdInputStream(decrypted));
            this.decrypted = decrypted;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            int n;
            try {
                n = super.read(buffer, offset, length);
                if (n < 0) {
                    // Tink verifies the final segment when its stream ends: read on to there.
                    decrypted.transferTo(OutputStream.nullOutputStream());
                    ended = true;
                }
            } catch (SourceFailed e) {
                throw e.io();
            } catch (SealBroken e) {
                throw e;
            } catch (IOException e) {
                // Tink reports a failed tag, a cut or a wrong name as an IOException; zstd reports bytes
                // that authenticate but do not decompress (written by something that is not this tool).
                throw new SealBroken("authentication failed (changed, cut short, or stored under another name): "
                        + e.getMessage(), e);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }
    }

    /** Marks failures of the underlying stream (a network read) so they are not mistaken for tampering. */
    private static final class SourceGuard extends FilterInputStream {
        SourceGuard(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new SourceFailed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailed(e);
            }
        }
    }

    private static final class SourceFailed extends IOException {
        SourceFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException io() {
            return (IOException) getCause();
        }
    }

    /** Lets Tink's stream finish its last segment without closing the caller's stream early. */
    private static final class Unclosed extends FilterOutputStream {
        Unclosed(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Closing the compressed stream finishes the encryption (final segment), then closes the caller's stream. */
    private static final class ClosingBoth extends FilterOutputStream {
        private final OutputStream sink;

        ClosingBoth(OutputStream encrypted, OutputStream sink) {
            super(encrypted);
            this.sink = sink;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                sink.close();
            }
        }
    }
}
