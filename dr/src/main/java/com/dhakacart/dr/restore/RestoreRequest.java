package com.dhakacart.dr.restore;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What to restore and where: the latest state ({@code toTime} null) or the state at {@code toTime};
 * into {@code targetDir} served on {@code port}. {@code force} lets a non-empty target be moved aside
 * (only after every file was fetched and verified); {@code stopAfter} shuts the server down cleanly
 * once it is promoted, for a launcher that starts PostgreSQL its own way.
 */
public record RestoreRequest(Path targetDir, int port, Instant toTime, boolean force, boolean stopAfter) {
}
