package com.dhakacart.dr.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The layout of a sealed file (version 1), shared by the writer and the reader; docs/dr-storage.md
 * describes it for humans.
 *
 * <pre>
 * header:  "DCSF" | version=1 | compression=1 (zstd) | chunk size (u32) | key id length (u8) | key id
 *          | key fingerprint (8) | file nonce (16)
 * chunks:  AES-256-GCM(file key, iv = 0x00000000 | chunk index (u64), aad = header | index (u64) | final (u8))
 *          each holding chunk-size plaintext bytes (the last may hold fewer) followed by its 16-byte tag
 * </pre>
 *
 * The file key is HKDF-SHA256 of the master key with the file nonce as salt, so nonces never repeat
 * under one AES key. Binding the index and the final flag into each chunk's tag makes reordering,
 * dropping or truncating chunks detectable.
 */
final class SealFormat {

    static final byte[] MAGIC = "DCSF".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int COMPRESSION_ZSTD = 1;
    static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    static final int MAX_CHUNK_SIZE = 16 << 20;
    static final int NONCE_BYTES = 16;
    static final int TAG_BYTES = 16;
    static final int TAG_BITS = TAG_BYTES * 8;

    private SealFormat() {
    }

    static byte[] header(int chunkSize, SealingKey key, byte[] nonce) {
        byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(4 + 1 + 1 + 4 + 1 + id.length + 8 + NONCE_BYTES);
        header.put(MAGIC).put((byte) VERSION).put((byte) COMPRESSION_ZSTD).putInt(chunkSize)
                .put((byte) id.length).put(id).put(key.fingerprint()).put(nonce);
        return header.array();
    }

    static byte[] iv(long index) {
        return ByteBuffer.allocate(12).putInt(0).putLong(index).array();
    }

    static byte[] aad(byte[] header, long index, boolean last) {
        return ByteBuffer.allocate(header.length + 9).put(header).putLong(index).put((byte) (last ? 1 : 0)).array();
    }
}
