package com.dhakacart.dr.restore;

import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;

import java.time.Instant;

/** Picks the base backup to start from: the newest one, or the newest already consistent at the target time. */
final class BackupSelection {

    private BackupSelection() {
    }

    static BaseBackup choose(Catalogue catalogue, Instant toTime) {
        if (catalogue.backups().isEmpty()) {
            throw new RestoreRefused("the repository holds no base backup; take one with `dhakacart dr backup`");
        }
        if (toTime == null) {
            return catalogue.latest().orElseThrow();
        }
        return catalogue.latestFinishedBefore(toTime).orElseThrow(() -> new RestoreRefused(
                "no base backup finished before " + toTime + "; the recoverable window starts at "
                        + catalogue.recoverableFrom().orElseThrow()));
    }
}
