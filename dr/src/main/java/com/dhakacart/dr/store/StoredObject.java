package com.dhakacart.dr.store;

import java.time.Instant;

/** One object in a backup store as its listing shows it: key, size in bytes and when it was last written. */
public record StoredObject(String key, long size, Instant lastModified) {
}
