package com.dhakacart.dr.restore;

import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.Lsn;

import java.time.Instant;

/**
 * Picks the base backup to start from: the one named, the newest one, or the newest already consistent
 * at the target time.
 */
final class BackupSelection {

    private BackupSelection() {
    }

    static BaseBackup choose(Catalogue catalogue, Instant toTime) {
        return choose(catalogue, toTime, null);
    }

    static BaseBackup choose(Catalogue catalogue, Instant toTime, String backupId) {
        if (catalogue.backups().isEmpty()) {
            throw new RestoreRefused("the repository holds no base backup; take one with `dhakacart dr backup`");
        }
        if (backupId != null) {
            return catalogue.backups().stream().filter(b -> b.id().equals(backupId)).findFirst()
                    .orElseThrow(() -> new RestoreRefused("no base backup " + backupId + " in the repository; it holds "
                            + String.join(", ", catalogue.backups().stream().map(BaseBackup::id).toList())
                            + " (see `dhakacart dr list`)"));
        }
        if (toTime == null) {
            return catalogue.latest().orElseThrow();
        }
        return catalogue.latestFinishedBefore(toTime).orElseThrow(() -> new RestoreRefused(
                "no base backup finished before " + toTime + "; the recoverable window starts at "
                        + catalogue.recoverableFrom().orElseThrow()));
    }

    /** The newest backup already consistent at WAL position {@code lsn} (its stop LSN at or before it). */
    static BaseBackup choose(Catalogue catalogue, Lsn lsn) {
        if (catalogue.backups().isEmpty()) {
            throw new RestoreRefused("the repository holds no base backup; take one with `dhakacart dr backup`");
        }
        return catalogue.backups().stream().filter(b -> b.stop().compareTo(lsn) <= 0).reduce((a, b) -> b)
                .orElseThrow(() -> new RestoreRefused("no base backup was consistent at LSN " + lsn
                        + "; the oldest ends at " + catalogue.backups().get(0).stopLsn()));
    }
}
