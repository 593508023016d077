package com.dhakacart.dr.catalogue;

import java.time.Instant;
import java.util.List;

/**
 * One full copy of the cluster taken by pg_basebackup, as recorded in {@code base/<id>/backup.json}:
 * the WAL range it needs (start to stop LSN) and when it was taken. A base backup can be restored to
 * any moment from {@code finishedAt} on, given the WAL after {@code startLsn}.
 */
public record BaseBackup(
        String id,
        int timeline,
        String startLsn,
        String stopLsn,
        Instant startedAt,
        Instant finishedAt,
        long plainBytes,
        long storedBytes,
        boolean verified,
        String systemIdentifier,
        String serverVersion,
        List<String> files) {

    public static final String PREFIX = "base/";
    public static final String DESCRIPTOR = "backup.json";

    public String key(String file) {
        return PREFIX + id + "/" + file;
    }

    public Lsn start() {
        return Lsn.parse(startLsn);
    }

    public Lsn stop() {
        return Lsn.parse(stopLsn);
    }

    /** The first WAL segment a restore of this backup needs. */
    public long startSegment() {
        return start().segmentNumber();
    }
}
