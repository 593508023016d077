package com.dhakacart.dr.wal;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves WAL from the local spool into the vault: every completed segment and timeline history file
 * (then deletes the local copy), and a snapshot of the unfinished {@code .partial} segment whenever it
 * changed, so even the newest commits survive the loss of this machine.
 */
public final class WalShipper {

    private final Vault vault;
    private final Path spool;
    private FileTime lastPartialSnapshot;
    private String lastPartialName;
    private volatile long lastShippedAtMillis;

    public WalShipper(Vault vault, Path spool) {
        this.vault = vault;
        this.spool = spool;
    }

    /** Ships completed segments and history files; returns how many were shipped. */
    public int shipCompleted() throws IOException {
        int shipped = 0;
        for (Path file : spoolFiles()) {
            String name = file.getFileName().toString();
            if (!WalNames.isSegment(name) && !WalNames.isHistory(name)) {
                continue;
            }
            String key = Catalogue.WAL_PREFIX + name;
            if (!vault.exists(key)) {
                vault.store(key, file);
                shipped++;
            }
            forgetPartialSnapshots(name);
            Files.deleteIfExists(file);
            lastShippedAtMillis = System.currentTimeMillis();
        }
        return shipped;
    }

    /** Seals a copy of the newest {@code .partial} segment if it changed since the last snapshot. */
    public boolean snapshotPartial() throws IOException {
        Path newest = null;
        for (Path file : spoolFiles()) {
            String name = file.getFileName().toString();
            if (WalNames.isPartial(name) && (newest == null || name.compareTo(newest.getFileName().toString()) > 0)) {
                newest = file;
            }
        }
        if (newest == null) {
            return false;
        }
        FileTime modified = Files.getLastModifiedTime(newest);
        String name = newest.getFileName().toString();
        if (name.equals(lastPartialName) && modified.equals(lastPartialSnapshot)) {
            return false;
        }
        storePartial(newest);
        lastPartialName = name;
        lastPartialSnapshot = modified;
        return true;
    }

    /**
     * After a restore the server is on a new timeline: unfinished segments of older timelines will never
     * be completed, so they are sealed as snapshots and cleared from the spool (pg_receivewal would
     * otherwise try to resume from them).
     */
    public void retireOtherTimelines(int currentTimeline) throws IOException {
        for (Path file : spoolFiles()) {
            String name = file.getFileName().toString();
            if (WalNames.isPartial(name) && WalNames.timeline(name) != currentTimeline) {
                storePartial(file);
                Files.delete(file);
            }
        }
    }

    public long lastShippedAtMillis() {
        return lastShippedAtMillis;
    }

    private void storePartial(Path partial) throws IOException {
        String name = partial.getFileName().toString();
        // pg_receivewal keeps writing the file; seal a private copy so what we checksum is what we store.
        Path copy = Files.createTempFile(spool.getParent(), "partial-", ".tmp");
        try {
            // The name carries the moment before the copy: every commit acknowledged before it is in the
            // snapshot (the receiver flushed it first), which is what the off-site RPO is measured against.
            long takenAt = System.currentTimeMillis();
            Files.copy(partial, copy, StandardCopyOption.REPLACE_EXISTING);
            String key = Catalogue.PARTIAL_PREFIX + name + "." + takenAt;
            List<StoredFile> older = vault.list(Catalogue.PARTIAL_PREFIX + name + ".");
            vault.store(key, copy);
            for (StoredFile old : older) {
                vault.delete(old.key());
            }
            lastShippedAtMillis = System.currentTimeMillis();
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private void forgetPartialSnapshots(String segment) throws IOException {
        if (!WalNames.isSegment(segment)) {
            return;
        }
        for (StoredFile old : vault.list(Catalogue.PARTIAL_PREFIX + segment + ".partial.")) {
            vault.delete(old.key());
        }
    }

    private List<Path> spoolFiles() throws IOException {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
