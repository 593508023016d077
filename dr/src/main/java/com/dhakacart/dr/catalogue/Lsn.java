package com.dhakacart.dr.catalogue;

/** A PostgreSQL WAL position ("0/3000028"), with the arithmetic to find the segment that holds it. */
public record Lsn(long value) implements Comparable<Lsn> {

    /** The default wal_segment_size; our clusters are created with it. */
    public static final long SEGMENT_SIZE = 16L * 1024 * 1024;

    public static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        long high = Long.parseLong(text.substring(0, slash), 16);
        long low = Long.parseLong(text.substring(slash + 1), 16);
        return new Lsn((high << 32) | low);
    }

    public long segmentNumber() {
        return value / SEGMENT_SIZE;
    }

    /** File name of the segment holding this position on {@code timeline}, as PostgreSQL names it. */
    public String segmentName(int timeline) {
        return WalNames.segmentName(timeline, segmentNumber());
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return String.format("%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
