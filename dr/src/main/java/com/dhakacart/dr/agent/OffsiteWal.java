package com.dhakacart.dr.agent;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.vault.MirroredVault;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * How far the off-site copy of the WAL trails the receiver: the newest WAL file in the spool (the
 * unfinished segment pg_receivewal is writing, or a completed one not shipped yet) against the newest
 * WAL object (segment or partial snapshot) in each off-site (S3) repository. This is the off-site RPO:
 * a local repository that keeps up hides nothing, so failing S3 uploads show as a growing lag at once,
 * not when the next base backup is 25 hours late. A quiet database writes nothing and lags nothing.
 */
final class OffsiteWal {

    private OffsiteWal() {
    }

    /** The repositories that count as off-site: S3 ones, mirrored or alone. */
    static List<Vault> offsite(Vault vault) {
        List<? extends Vault> all = vault instanceof MirroredVault mirrored ? mirrored.vaults() : List.of(vault);
        return all.stream().filter(v -> v.describe().startsWith("s3://")).map(Vault.class::cast).toList();
    }

    /** Seconds the worst off-site repository trails the spool (0 when it holds everything written). */
    static long lagSeconds(List<Vault> offsite, Path spool) throws IOException {
        Path newest = null;
        Instant written = Instant.EPOCH;
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (WalNames.isSegment(name) || WalNames.isPartial(name)) {
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    if (newest == null || modified.isAfter(written)) {
                        newest = file;
                        written = modified;
                    }
                }
            }
        }
        if (newest == null) {
            return 0;
        }
        // Same timeline and log file as the spool's newest: a short listing, not the whole archive.
        String logFile = newest.getFileName().toString().substring(0, 16);
        long worst = 0;
        for (Vault vault : offsite) {
            Instant stored = newestStored(vault, logFile);
            worst = Math.max(worst, Math.max(0, Duration.between(stored, written).toSeconds()));
        }
        return worst;
    }

    private static Instant newestStored(Vault vault, String logFile) throws IOException {
        Instant newest = Instant.EPOCH;
        for (String prefix : List.of(Catalogue.WAL_PREFIX + logFile, Catalogue.PARTIAL_PREFIX + logFile)) {
            for (StoredFile file : vault.list(prefix)) {
                if (file.storedAt().isAfter(newest)) {
                    newest = file.storedAt();
                }
            }
        }
        return newest;
    }
}
