package com.dhakacart.dr.vault;

import java.nio.file.Path;

/**
 * One step of a parallel fetch ({@link Vaults#fetchAll}), for progress reporting: which file just arrived
 * and how far along the whole batch is. Public because restore's WAL staging reports it.
 */
public record FetchProgress(String key, Path target, int done, int total, long bytesDone) {
}
