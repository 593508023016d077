package com.dhakacart.dr.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The layout of a sealed file (version 2), shared by the writer and the reader; docs/dr-storage.md
 * describes it for humans.
 *
 * <pre>
 * header:  "DCS2" | version=2 | compression=1 (zstd) | ciphertext segment size (u32) | key id length (u8)
 *          | key id | key fingerprint (8)
 * body:    Tink AES-GCM-HKDF streaming AEAD (AES-256, HKDF-SHA256) of the zstd stream,
 *          associated data = "dhakacart-dr/2" | 0 | header | 0 | object name
 * </pre>
 *
 * Our header only says which key and segment size to use; everything about chunking, per-file keys,
 * nonces, segment order and truncation is Tink's. The object name in the associated data binds the
 * bytes to where they are stored: the same bytes under another name do not open.
 */
final class SealFormat {

    static final byte[] MAGIC = "DCS2".getBytes(StandardCharsets.US_ASCII);
    /** Files written by the hand-written chunked GCM of the first version start with this. */
    static final byte[] MAGIC_V1 = "DCSF".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 2;
    static final int COMPRESSION_ZSTD = 1;
    static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    static final int MIN_SEGMENT_SIZE = 1024;
    static final int MAX_SEGMENT_SIZE = 16 << 20;
    /** Bytes before the key id: magic, version, compression, segment size, key id length. */
    static final int FIXED_BYTES = 4 + 1 + 1 + 4 + 1;
    static final int FINGERPRINT_BYTES = 8;
    private static final byte[] CONTEXT = "dhakacart-dr/2".getBytes(StandardCharsets.US_ASCII);

    private SealFormat() {
    }

    static byte[] header(int segmentSize, SealingKey key) {
        byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(FIXED_BYTES + id.length + FINGERPRINT_BYTES);
        header.put(MAGIC).put((byte) VERSION).put((byte) COMPRESSION_ZSTD).putInt(segmentSize)
                .put((byte) id.length).put(id).put(key.fingerprint());
        return header.array();
    }

    static byte[] associatedData(byte[] header, String objectName) {
        byte[] name = objectName.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(CONTEXT.length + 1 + header.length + 1 + name.length)
                .put(CONTEXT).put((byte) 0).put(header).put((byte) 0).put(name).array();
    }

    static void checkSegmentSize(int segmentSize) {
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size " + segmentSize + " out of range " + MIN_SEGMENT_SIZE
                    + "-" + MAX_SEGMENT_SIZE);
        }
    }
}
