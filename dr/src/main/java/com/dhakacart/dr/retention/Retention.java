package com.dhakacart.dr.retention;

import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps the newest N full backups and the WAL they need, and deletes the rest. It never deletes the
 * only verified backup: when none of the newest N is verified, the newest verified one is kept too.
 */
public final class Retention {

    /** What a retention pass removed. */
    public record Outcome(List<String> deletedBackups, int deletedWal, int deletedPartials) {
    }

    private Retention() {
    }

    /** Which backups to keep (a pure decision, so it can be tested without a repository). */
    public static Set<String> keep(List<BaseBackup> oldestFirst, int keepFull) {
        Set<String> keep = new LinkedHashSet<>();
        List<BaseBackup> newestFirst = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(newestFirst);
        for (int i = 0; i < Math.min(Math.max(1, keepFull), newestFirst.size()); i++) {
            keep.add(newestFirst.get(i).id());
        }
        boolean verifiedKept = newestFirst.stream().anyMatch(b -> b.verified() && keep.contains(b.id()));
        if (!verifiedKept) {
            newestFirst.stream().filter(BaseBackup::verified).findFirst().ifPresent(b -> keep.add(b.id()));
        }
        return keep;
    }

    public static Outcome apply(Vault vault, Catalogue catalogue, int keepFull, Consumer<String> progress)
            throws IOException {
        Set<String> keep = keep(catalogue.backups(), keepFull);
        List<String> deleted = new ArrayList<>();
        long oldestNeededSegment = Long.MAX_VALUE;
        for (BaseBackup backup : catalogue.backups()) {
            if (keep.contains(backup.id())) {
                oldestNeededSegment = Math.min(oldestNeededSegment, backup.startSegment());
                continue;
            }
            // Descriptor first: a half-deleted backup is then merely "unfinished", never half-restorable.
            vault.delete(backup.key(BaseBackup.DESCRIPTOR));
            vault.deleteAll(backup.files().stream().map(backup::key).toList());
            deleted.add(backup.id());
            progress.accept("retention: deleted base backup " + backup.id());
        }
        List<String> segments = new ArrayList<>();
        List<String> snapshots = new ArrayList<>();
        if (oldestNeededSegment != Long.MAX_VALUE) {
            for (StoredFile file : catalogue.wal()) {
                String name = file.key().substring(Catalogue.WAL_PREFIX.length());
                if (WalNames.isSegment(name) && WalNames.segmentNumber(name) < oldestNeededSegment) {
                    segments.add(file.key());
                }
            }
            for (StoredFile file : catalogue.partials()) {
                String name = file.key().substring(Catalogue.PARTIAL_PREFIX.length());
                if (WalNames.segmentNumber(name.substring(0, 24)) < oldestNeededSegment) {
                    snapshots.add(file.key());
                }
            }
        }
        // One index update for the lot, not one per file: a day of WAL is hundreds of segments.
        List<String> unneeded = new ArrayList<>(segments);
        unneeded.addAll(snapshots);
        vault.deleteAll(unneeded);
        int wal = segments.size();
        int partials = snapshots.size();
        if (wal + partials > 0) {
            progress.accept("retention: deleted " + wal + " WAL segments and " + partials
                    + " partial snapshots no kept backup needs");
        }
        return new Outcome(deleted, wal, partials);
    }
}
