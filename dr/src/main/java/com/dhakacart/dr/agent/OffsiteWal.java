package com.dhakacart.dr.agent;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.StoredObject;
import com.dhakacart.dr.store.s3.S3Repositories;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How far the off-site copy of the WAL trails the receiver: the newest WAL file in the spool (the
 * unfinished segment pg_receivewal is writing, or a completed one not shipped yet) against the newest
 * WAL object (segment or partial snapshot) in each off-site (S3) repository, by the store's own
 * last-modified time. This is the off-site RPO: a local repository that keeps up hides nothing, so
 * failing S3 uploads show as a growing lag at once, not when the next base backup is 25 hours late.
 * A quiet database writes nothing and lags nothing.
 */
final class OffsiteWal {

    /** Where the sealed vault keeps file bodies in a store ({@code files/<vault key>}). */
    static final String FILES = "files/";

    private OffsiteWal() {
    }

    /** The off-site repositories among {@code DR_REPOSITORIES}: the S3 ones, opened as raw stores. */
    static List<BackupStore> stores(List<URI> repositories, Map<String, String> env) {
        return repositories.stream().filter(uri -> "s3".equals(uri.getScheme()))
                .map(uri -> S3Repositories.open(uri, env)).toList();
    }

    /** Seconds the worst off-site repository trails the spool (0 when it holds everything written). */
    static long lagSeconds(List<BackupStore> offsite, Path spool) throws IOException {
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
        for (BackupStore store : offsite) {
            Instant stored = Instant.EPOCH;
            for (String prefix : List.of(Catalogue.WAL_PREFIX, Catalogue.PARTIAL_PREFIX)) {
                for (StoredObject object : store.list(FILES + prefix + logFile)) {
                    if (object.lastModified().isAfter(stored)) {
                        stored = object.lastModified();
                    }
                }
            }
            worst = Math.max(worst, Math.max(0, Duration.between(stored, written).toSeconds()));
        }
        return worst;
    }
}
