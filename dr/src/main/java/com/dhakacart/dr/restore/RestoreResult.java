package com.dhakacart.dr.restore;

import java.nio.file.Path;
import java.time.Instant;

/**
 * How a restore went: from which backup, how much WAL it replayed, how long each step took, and
 * {@code walGapAt}, the first missing WAL segment when the archive had a hole (recovery stopped there).
 */
public record RestoreResult(String backupId, Path targetDir, int port, Instant toTime, int walFiles,
                            String partialReplayed, long fetchMillis, long replayMillis, long totalMillis,
                            String endLsn, int timeline, String walGapAt) {
}
