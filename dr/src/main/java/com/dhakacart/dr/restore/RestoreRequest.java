package com.dhakacart.dr.restore;

import com.dhakacart.dr.catalogue.Lsn;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What to restore and where: the latest state ({@code toTime} and {@code toLsn} null), the state at
 * {@code toTime}, or the state at WAL position {@code toLsn} (with the record there when
 * {@code inclusive}, just before it otherwise: "just before the first record of the damage");
 * into {@code targetDir} served on {@code port}. {@code force} lets a non-empty target be moved aside
 * (only after every file was fetched and verified); {@code stopAfter} shuts the server down cleanly
 * once it is promoted, for a launcher that starts PostgreSQL its own way. {@code acceptGap} restores up
 * to a hole in the archived WAL instead of refusing (the commits after the hole are lost).
 * {@code backupId}, instead of a time, restores exactly the state of that base backup (the moment it
 * became consistent), a known point to go back to. {@code delta} restores into an existing data directory in
 * place, writing only the blocks that differ from the backup (after every file was verified; the old state is
 * not kept).
 */
public record RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter,
                             boolean acceptGap, String backupId, Lsn toLsn, boolean inclusive, boolean delta) {

    /** A restore to the latest commit or to a time that refuses a hole in the WAL. */
    public RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter) {
        this(targetDir, port, toTime, force, stopAfter, false, null);
    }

    public RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter,
                          boolean acceptGap, String backupId) {
        this(targetDir, port, toTime, force, stopAfter, acceptGap, backupId, null, true, false);
    }

    public RestoreRequest {
        if ((toTime != null ? 1 : 0) + (backupId != null ? 1 : 0) + (toLsn != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("restore to one point: a time, a backup or an LSN");
        }
    }

    /** The same restore, stopping at WAL position {@code lsn} (inclusive) or just before it. */
    public RestoreRequest toLsn(Lsn lsn, boolean inclusive) {
        return new RestoreRequest(targetDir, port, null, force, stopAfter, acceptGap, null, lsn, inclusive, delta);
    }

    /** The same restore, in place and by difference when {@code delta}. */
    public RestoreRequest delta(boolean delta) {
        return new RestoreRequest(targetDir, port, toTime, force, stopAfter, acceptGap, backupId, toLsn, inclusive, delta);
    }

    String describeTarget() {
        if (toLsn != null) {
            return (inclusive ? " to LSN " : " to just before LSN ") + toLsn;
        }
        if (backupId != null) {
            return " to its own state (the moment it became consistent)";
        }
        return toTime == null ? " to the latest commit" : " to " + toTime;
    }
}
