package com.dhakacart.api.staff;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id (OWASP's first choice: memory-hard, so a stolen hash costs a GPU farm memory as well as time),
 * with OWASP's minimum settings: 19 MiB, 2 passes, 1 lane. Each hash holds 19 MiB for about 50-100 ms, so
 * at most two run at once: a flood of log-ins waits (or gets 503) instead of exhausting a 256 MiB heap.
 */
@Component
public class PasswordHashing {

    private final Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final Semaphore running = new Semaphore(2, true);
    // Compared against when the email is unknown, so that answer takes as long as a wrong password.
    private volatile String decoy;

    public String hash(String password) {
        return bounded(() -> argon2.encode(password));
    }

    public boolean matches(String password, String hash) {
        return bounded(() -> argon2.matches(password, hash));
    }

    /** Spends the time of one check on nothing, for a log-in to an account that does not exist. */
    public void matchesNothing(String password) {
        if (decoy == null) {
            decoy = hash(OneTimePasswords.generate());
        }
        matches(password, decoy);
    }

    private <T> T bounded(java.util.function.Supplier<T> work) {
        try {
            if (!running.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new StaffRejected(StaffRejected.Reason.BUSY, "Too many log-ins at once; try again in a few seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StaffRejected(StaffRejected.Reason.BUSY, "Interrupted while waiting to check a password");
        }
        try {
            return work.get();
        } finally {
            running.release();
        }
    }
}
