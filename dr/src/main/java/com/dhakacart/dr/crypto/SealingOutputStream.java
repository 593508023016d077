package com.dhakacart.dr.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Encrypts what is written to it into the sealed-file format ({@link SealFormat}), one chunk at a
 * time, so files of any size stream through a fixed buffer. Closing it writes the final chunk;
 * a stream that is never closed leaves bytes that will not open.
 */
final class SealingOutputStream extends FilterOutputStream {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] header;
    private final SecretKeySpec fileKey;
    private final Cipher cipher;
    private final byte[] plain;
    private final byte[] sealed;
    private int filled;
    private long index;
    private boolean closed;

    SealingOutputStream(OutputStream out, SealingKey key, int chunkSize) throws IOException {
        super(out);
        GcmWarmup.ensure();
        if (chunkSize < 1 || chunkSize > SealFormat.MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " out of range");
        }
        byte[] nonce = new byte[SealFormat.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        this.header = SealFormat.header(chunkSize, key, nonce);
        this.fileKey = key.fileKey(nonce);
        this.plain = new byte[chunkSize];
        this.sealed = new byte[chunkSize + SealFormat.TAG_BYTES];
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
        out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        while (length > 0) {
            // A full buffer is sealed only once more data arrives: until then it may be the final chunk.
            if (filled == plain.length) {
                sealChunk(false);
            }
            int n = Math.min(length, plain.length - filled);
            System.arraycopy(bytes, offset, plain, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            sealChunk(true);
            out.flush();
        } finally {
            closed = true;
            out.close();
        }
    }

    private void sealChunk(boolean last) throws IOException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, fileKey, new GCMParameterSpec(SealFormat.TAG_BITS, SealFormat.iv(index)));
            cipher.updateAAD(SealFormat.aad(header, index, last));
            int n = cipher.doFinal(plain, 0, filled, sealed, 0);
            out.write(sealed, 0, n);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt chunk " + index, e);
        }
        index++;
        filled = 0;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("sealing stream already closed");
        }
    }
}
