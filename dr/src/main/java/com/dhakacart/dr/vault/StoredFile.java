package com.dhakacart.dr.vault;

import java.time.Instant;

/** One sealed file in a vault, as the catalogue needs to know it. */
public record StoredFile(String key, long plainSize, long storedSize, String sha256, String keyId,
                         Instant storedAt) {
}
