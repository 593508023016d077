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
 * once it is promoted, for a launcher that starts PostgreSQL its own way.
 */
public record RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter,
                             Lsn toLsn, boolean inclusive) {

    public RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter) {
        this(targetDir, port, toTime, force, stopAfter, null, true);
    }

    public RestoreRequest {
        if (toTime != null && toLsn != null) {
            throw new IllegalArgumentException("restore to a time or to an LSN, not both");
        }
    }

    /** The same restore, stopping at WAL position {@code lsn} (inclusive) or just before it. */
    public RestoreRequest toLsn(Lsn lsn, boolean inclusive) {
        return new RestoreRequest(targetDir, port, null, force, stopAfter, lsn, inclusive);
    }

    String describeTarget() {
        if (toLsn != null) {
            return (inclusive ? " to LSN " : " to just before LSN ") + toLsn;
        }
        return toTime == null ? " to the latest commit" : " to " + toTime;
    }
}
