package com.dhakacart.dr.cli;

import com.dhakacart.dr.crypto.KeyFileInvalid;
import com.dhakacart.dr.crypto.KeyNotHeld;
import com.dhakacart.dr.restore.RestoreRefused;
import com.dhakacart.dr.restore.WalGap;
import com.dhakacart.dr.vault.RepositoryFormatUnsupported;
import com.dhakacart.dr.settings.PostgresFailed;
import com.dhakacart.dr.store.RepositoryUnreachable;
import com.dhakacart.dr.vault.BackupCorrupted;
import com.dhakacart.dr.vault.WrongKey;

import java.util.LinkedHashMap;
import java.util.Map;

/** The DR tool's exit codes, decided here and nowhere else, and documented in every command's --help. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int CORRUPTED = 3;
    static final int WRONG_KEY = 4;
    static final int REPOSITORY_UNREACHABLE = 5;
    static final int POSTGRES_FAILED = 6;
    static final int REFUSED = 7;
    static final int UNHEALTHY = 8;
    static final int DRILL_FAILED = 9;

    private ExitCodes() {
    }

    static Map<String, String> documented() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(OK + "", "success");
        codes.put(FAILED + "", "failed for another reason (the message says why; -v shows the stack trace)");
        codes.put(USAGE + "", "wrong usage: unknown command, option or value");
        codes.put(CORRUPTED + "", "a backup file is corrupted, truncated, missing, swapped or rolled back (the repository"
                + " does not match its authenticated index), the archived WAL has a gap, or pg_verifybackup found a problem");
        codes.put(WRONG_KEY + "", "no key, an unreadable key, or a key that does not open the backup");
        codes.put(REPOSITORY_UNREACHABLE + "", "the backup repository cannot be reached");
        codes.put(POSTGRES_FAILED + "", "PostgreSQL or one of its programs failed (pg_basebackup, pg_ctl, ...)");
        codes.put(REFUSED + "", "refused: nothing to restore, a repository in an older format, or the target would be"
                + " overwritten (nothing was changed)");
        codes.put(UNHEALTHY + "", "status: not protected (no backup, or WAL not streaming)");
        codes.put(DRILL_FAILED + "", "drill: a check failed or could not run (the report says which)");
        return codes;
    }

    static int of(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            if (t instanceof BackupCorrupted || t instanceof VerificationFailed || t instanceof WalGap) {
                return CORRUPTED;
            }
            if (t instanceof WrongKey || t instanceof KeyFileInvalid || t instanceof KeyNotHeld) {
                return WRONG_KEY;
            }
            if (t instanceof RepositoryUnreachable) {
                return REPOSITORY_UNREACHABLE;
            }
            if (t instanceof RestoreRefused || t instanceof RepositoryFormatUnsupported) {
                return REFUSED;
            }
            if (t instanceof PostgresFailed || t instanceof com.dhakacart.dr.backup.BackupCheckFailed) {
                return POSTGRES_FAILED;
            }
            if (t instanceof IllegalArgumentException) {
                return USAGE;
            }
            t = t.getCause();
        }
        return FAILED;
    }
}
