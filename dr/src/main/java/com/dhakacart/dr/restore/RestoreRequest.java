package com.dhakacart.dr.restore;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What to restore and where: the latest state ({@code toTime} null) or the state at {@code toTime};
 * into {@code targetDir} served on {@code port}. {@code force} lets a non-empty target be moved aside
 * (only after every file was fetched and verified); {@code stopAfter} shuts the server down cleanly
 * once it is promoted, for a launcher that starts PostgreSQL its own way. {@code acceptGap} restores up
 * to a hole in the archived WAL instead of refusing (the commits after the hole are lost).
 */
public record RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter,
                             boolean acceptGap) {

    /** A restore that refuses a hole in the WAL. */
    public RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter) {
        this(targetDir, port, toTime, force, stopAfter, false);
    }
}
