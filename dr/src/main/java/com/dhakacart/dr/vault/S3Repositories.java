package com.dhakacart.dr.vault;

import com.dhakacart.dr.store.BackupStore;

import java.net.URI;
import java.util.Map;

/** Turns an {@code s3://} repository URI into an S3 store. */
final class S3Repositories {

    private S3Repositories() {
    }

    static BackupStore open(URI repository, Map<String, String> env) {
        throw new IllegalArgumentException("s3 repositories are not available in this build yet: " + repository);
    }
}
