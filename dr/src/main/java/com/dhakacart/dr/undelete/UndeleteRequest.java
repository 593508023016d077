package com.dhakacart.dr.undelete;

import com.dhakacart.dr.catalogue.Lsn;

import java.time.Instant;

/**
 * Bring back rows of {@code table} (those matching {@code where} at the target, all when null) in
 * {@code database} as they were at {@code toTime}, or at WAL position {@code toLsn} (inclusive, or
 * just before it). {@code overwriteChanged} also puts rows that exist live but differ back to their
 * old values; {@code dryRun} only reports. {@code sidePort} is where the side instance listens (0: any free port).
 */
public record UndeleteRequest(String database, String table, String where, Instant toTime, Lsn toLsn,
                              boolean inclusive, boolean overwriteChanged, boolean dryRun, int sidePort) {

    public UndeleteRequest {
        if ((toTime == null) == (toLsn == null)) {
            throw new IllegalArgumentException("undelete needs exactly one of --to-time, --to-lsn, --before-lsn");
        }
    }

    String describeTarget() {
        return toTime != null ? toTime.toString() : (inclusive ? "LSN " : "just before LSN ") + toLsn;
    }
}
