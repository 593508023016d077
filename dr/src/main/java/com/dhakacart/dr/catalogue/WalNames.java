package com.dhakacart.dr.catalogue;

import java.util.regex.Pattern;

/** PostgreSQL's WAL file names: segments, timeline history files and pg_receivewal's {@code .partial} files. */
public final class WalNames {

    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final Pattern PARTIAL = Pattern.compile("[0-9A-F]{24}\\.partial");
    private static final Pattern HISTORY = Pattern.compile("[0-9A-F]{8}\\.history");
    private static final long SEGMENTS_PER_ID = 0x100000000L / Lsn.SEGMENT_SIZE;

    private WalNames() {
    }

    public static boolean isSegment(String name) {
        return SEGMENT.matcher(name).matches();
    }

    public static boolean isPartial(String name) {
        return PARTIAL.matcher(name).matches();
    }

    public static boolean isHistory(String name) {
        return HISTORY.matcher(name).matches();
    }

    public static int timeline(String name) {
        return Integer.parseInt(name.substring(0, 8), 16);
    }

    public static long segmentNumber(String name) {
        return Long.parseLong(name.substring(8, 16), 16) * SEGMENTS_PER_ID + Long.parseLong(name.substring(16, 24), 16);
    }

    public static String segmentName(int timeline, long segmentNumber) {
        return String.format("%08X%08X%08X", timeline, segmentNumber / SEGMENTS_PER_ID, segmentNumber % SEGMENTS_PER_ID);
    }
}
