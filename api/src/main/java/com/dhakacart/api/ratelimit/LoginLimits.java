package com.dhakacart.api.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * Locks out password guessing on the staff log-in. Failures are counted per email (whether or not an
 * account has it, so the answer never tells which emails exist) and per client address; the failure that
 * uses up an allowance locks that email (or address) out for the lock-out period, even for the right
 * password. Kept in Redis like the other limits, so every API replica shares them; if Redis is down they
 * fail open, like the others (the Argon2 cost and the bounded number of concurrent hashes still slow a guesser).
 */
@Component
public class LoginLimits {

    private static final String EMAIL = "login:email";
    private static final String ADDRESS = "login:ip";
    static final String LOCKED = "Too many failed log-ins; try again later";

    private final Buckets buckets;
    private final RateLimitSettings settings;

    LoginLimits(Buckets buckets, RateLimitSettings settings) {
        this.buckets = buckets;
        this.settings = settings;
    }

    /** Throws {@link TooManyRequests} (with Retry-After) while this email or this address is locked out. */
    public void refuseIfLockedOut(String email, String address) {
        if (!settings.enabled()) {
            return;
        }
        OptionalLong wait = buckets.lockedFor(EMAIL, normalised(email));
        if (wait.isEmpty()) {
            wait = buckets.lockedFor(ADDRESS, address);
        }
        if (wait.isPresent()) {
            throw new TooManyRequests(LOCKED, wait.getAsLong());
        }
    }

    /** Counts one failed log-in for this email and this address, locking out whichever used its allowance up. */
    public void failed(String email, String address) {
        if (!settings.enabled()) {
            return;
        }
        Duration lockout = Duration.ofMinutes(settings.loginLockoutMinutes());
        if (usedUp(buckets.takeCountingLeft(EMAIL, normalised(email), settings.loginFailuresPerEmailPerMinute(),
                Duration.ofMinutes(1)))) {
            buckets.lock(EMAIL, normalised(email), lockout);
        }
        if (usedUp(buckets.takeCountingLeft(ADDRESS, address, settings.loginFailuresPerIpPerMinute(),
                Duration.ofMinutes(1)))) {
            buckets.lock(ADDRESS, address, lockout);
        }
    }

    private static boolean usedUp(OptionalLong left) {
        return left.isPresent() && left.getAsLong() <= 0;
    }

    private static String normalised(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
