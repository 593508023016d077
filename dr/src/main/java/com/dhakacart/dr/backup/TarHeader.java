package com.dhakacart.dr.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One 512-byte ustar header as pg_basebackup writes them (names of at most 99 bytes plus the prefix field;
 * sizes in octal, or base-256 past 8 GiB). Read by both the backup's manifest check and the restore's unpacker.
 */
record TarHeader(String name, long size, char type, long mode, String linkName) {

    static final int BLOCK = 512;

    /** The header in {@code block}, or null for a block of zeros (the end of the archive). */
    static TarHeader parse(byte[] block) throws IOException {
        boolean zero = true;
        for (byte b : block) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return null;
        }
        String name = text(block, 0, 100);
        String prefix = text(block, 345, 155);
        return new TarHeader(prefix.isEmpty() ? name : prefix + "/" + name, number(block, 124, 12), (char) block[156],
                number(block, 100, 8), text(block, 157, 100));
    }

    /** Bytes from the end of this member's data to the next header. */
    long padding() {
        return (size + BLOCK - 1) / BLOCK * BLOCK - size;
    }

    private static String text(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long number(byte[] block, int offset, int length) throws IOException {
        if ((block[offset] & 0x80) != 0) {
            long value = block[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (block[offset + i] & 0xff);
            }
            return value;
        }
        String digits = text(block, offset, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("not a tar archive (bad number field \"" + digits + "\")");
        }
    }
}
