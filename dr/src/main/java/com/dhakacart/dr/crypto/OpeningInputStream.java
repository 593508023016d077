package com.dhakacart.dr.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Decrypts a sealed file ({@link SealFormat}) chunk by chunk. No byte of a chunk is released before
 * its tag checks out, and the stream ends cleanly only after the chunk marked final: anything else
 * (a changed byte, a missing or extra chunk, a cut) is {@link SealBroken}.
 */
final class OpeningInputStream extends InputStream {

    private final PushbackInputStream in;
    private final byte[] header;
    private final SecretKeySpec fileKey;
    private final Cipher cipher;
    private final byte[] sealed;
    private final byte[] plain;
    private int position;
    private int available;
    private long index;
    private boolean finished;

    OpeningInputStream(InputStream source, Keyring keyring) throws IOException {
        this.in = new PushbackInputStream(source, 1);
        GcmWarmup.ensure();
        byte[] fixed = readHeaderPart(4 + 1 + 1 + 4 + 1);
        if (!Arrays.equals(fixed, 0, 4, SealFormat.MAGIC, 0, 4)) {
            throw new SealBroken("not a sealed backup file (bad magic)");
        }
        ByteBuffer b = ByteBuffer.wrap(fixed, 4, fixed.length - 4);
        int version = b.get();
        int compression = b.get();
        int chunkSize = b.getInt();
        int idLength = b.get() & 0xff;
        if (version != SealFormat.VERSION) {
            throw new SealBroken("sealed with format version " + version + ", this tool reads version " + SealFormat.VERSION);
        }
        if (compression != SealFormat.COMPRESSION_ZSTD || chunkSize < 1 || chunkSize > SealFormat.MAX_CHUNK_SIZE || idLength == 0) {
            throw new SealBroken("damaged header");
        }
        byte[] rest = readHeaderPart(idLength + 8 + SealFormat.NONCE_BYTES);
        String keyId = new String(rest, 0, idLength, StandardCharsets.US_ASCII);
        byte[] fingerprint = Arrays.copyOfRange(rest, idLength, idLength + 8);
        byte[] nonce = Arrays.copyOfRange(rest, idLength + 8, rest.length);
        this.header = new byte[fixed.length + rest.length];
        System.arraycopy(fixed, 0, header, 0, fixed.length);
        System.arraycopy(rest, 0, header, fixed.length, rest.length);

        SealingKey key = keyring.find(keyId, fingerprint).orElseThrow(() -> new KeyNotHeld(
                "sealed with key '" + keyId + "', which is not among the keys held (" + String.join(", ", keyring.ids()) + ")"));
        if (!key.hasFingerprint(fingerprint)) {
            throw new KeyNotHeld("sealed with a different key than the one held under id '" + keyId + "' (fingerprint "
                    + java.util.HexFormat.of().formatHex(fingerprint) + ", ours " + key.fingerprintHex() + ")");
        }
        this.fileKey = key.fileKey(nonce);
        this.sealed = new byte[chunkSize + SealFormat.TAG_BYTES];
        this.plain = new byte[chunkSize];
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every Java runtime", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == available) {
            if (finished) {
                return -1;
            }
            openChunk();
        }
        int n = Math.min(length, available - position);
        System.arraycopy(plain, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Reads and checks whatever is left, so a caller that stopped early still learns whether the whole file is sound. */
    void readToEnd() throws IOException {
        while (!finished) {
            openChunk();
        }
        position = available;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void openChunk() throws IOException {
        int n = in.readNBytes(sealed, 0, sealed.length);
        if (n < SealFormat.TAG_BYTES) {
            throw new SealBroken("cut short: chunk " + index + " is incomplete");
        }
        int next = in.read();
        boolean last = next < 0;
        if (!last) {
            in.unread(next);
            if (n < sealed.length) {
                throw new SealBroken("damaged: chunk " + index + " is short");
            }
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, fileKey, new GCMParameterSpec(SealFormat.TAG_BITS, SealFormat.iv(index)));
            cipher.updateAAD(SealFormat.aad(header, index, last));
            available = cipher.doFinal(sealed, 0, n, plain, 0);
        } catch (AEADBadTagException e) {
            throw new SealBroken(last ? "authentication failed at chunk " + index + " (changed, or cut short)"
                    : "authentication failed at chunk " + index + " (changed)");
        } catch (GeneralSecurityException e) {
            throw new SealBroken("cannot decrypt chunk " + index, e);
        }
        position = 0;
        index++;
        finished = last;
    }

    private byte[] readHeaderPart(int length) throws IOException {
        byte[] part = in.readNBytes(length);
        if (part.length < length) {
            throw new SealBroken("cut short inside the header");
        }
        return part;
    }
}
