package com.dhakacart.dr.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Makes sure a restore overwrites nothing it should not: no running server, and an empty target unless forced. */
final class TargetValidation {

    private TargetValidation() {
    }

    /** Returns true when the target holds files (which a forced restore moves aside). */
    static boolean check(Path target, boolean force) throws IOException {
        Path pid = target.resolve("postmaster.pid");
        if (Files.exists(pid)) {
            try {
                long process = Long.parseLong(Files.readAllLines(pid).get(0).trim());
                if (ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new RestoreRefused("PostgreSQL is running in " + target + " (pid " + process
                            + "); stop it before restoring into that directory");
                }
            } catch (NumberFormatException | IndexOutOfBoundsException unreadable) {
                // a torn pid file is what a crash leaves; no live server owns it
            }
        }
        if (!Files.exists(target)) {
            return false;
        }
        if (!Files.isDirectory(target)) {
            throw new RestoreRefused(target + " is a file, not a directory");
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(target)) {
            empty = entries.findAny().isEmpty();
        }
        if (!empty && !force) {
            throw new RestoreRefused("target directory " + target
                    + " is not empty; move it aside, choose another --target-dir, or pass --force to move it aside");
        }
        return !empty;
    }
}
