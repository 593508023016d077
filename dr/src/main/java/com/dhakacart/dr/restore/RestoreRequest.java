package com.dhakacart.dr.restore;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What to restore and where: the latest state ({@code toTime} null) or the state at {@code toTime};
 * into {@code targetDir} served on {@code port}. {@code force} lets a non-empty target be moved aside
 * (only after every file was fetched and verified); {@code stopAfter} shuts the server down cleanly
 * once it is promoted, for a launcher that starts PostgreSQL its own way. {@code acceptGap} restores up
 * to a hole in the archived WAL instead of refusing (the commits after the hole are lost).
 * {@code backupId}, instead of a time, restores exactly the state of that base backup (the moment it
 * became consistent), a known point to go back to.
 */
public record RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter,
                             boolean acceptGap, String backupId) {

    public RestoreRequest {
        if (toTime != null && backupId != null) {
            throw new IllegalArgumentException("restore either to a time or to a backup, not both");
        }
    }

    /** A restore to the latest commit or to a time that refuses a hole in the WAL. */
    public RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter) {
        this(targetDir, port, toTime, force, stopAfter, false, null);
    }
}
