package com.dhakacart.dr.backup;

import com.dhakacart.dr.settings.Postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Unpacks pg_basebackup's tar files with the system tar, which keeps modes and handles every tar dialect. */
public final class Tar {

    private Tar() {
    }

    public static void extract(Path archive, Path into) throws IOException {
        Files.createDirectories(into);
        Postgres.run(new ProcessBuilder(List.of("tar", "-xf", archive.toString(), "-C", into.toString(),
                "--no-same-owner")), Duration.ofHours(2));
    }
}
