package com.dhakacart.dr.vault;

import java.nio.file.Path;

/** One step of a parallel fetch, for progress reporting: which file just arrived and how far along the whole batch is. */
record FetchProgress(String key, Path target, int done, int total, long bytesDone) {
}
