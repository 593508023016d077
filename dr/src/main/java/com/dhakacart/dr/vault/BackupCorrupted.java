package com.dhakacart.dr.vault;

import java.io.IOException;

/** A stored file failed its checksum or authentication: it was changed or cut short after it was written. */
public class BackupCorrupted extends IOException {
    public BackupCorrupted(String message) {
        super(message);
    }
}
