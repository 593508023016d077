package com.dhakacart.dr.backup;

import java.io.IOException;

/** A base backup's files do not match its manifest (or its WAL does not parse): it is never kept. */
public final class BackupCheckFailed extends IOException {
    public BackupCheckFailed(String message) {
        super(message);
    }
}
