package com.dhakacart.api.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bearer tokens of logged-in staff: 256 random bits handed out once, stored only as SHA-256, so the table
 * (or a backup of it) opens nothing. A token works while its account is enabled, it was used within the idle
 * timeout and it is younger than the absolute timeout; each use moves its idle deadline.
 */
@Repository
public class StaffSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final StaffSettings settings;

    StaffSessions(JdbcClient jdbc, StaffSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** A session that opened: the token (only now known in clear) and when it ends at the latest. */
    public record Opened(String token, OffsetDateTime expiresAt) {
    }

    /** A session in use: who, and the hash that names it (to revoke the others but this one). */
    public record Current(StaffMember member, String tokenHash) {
    }

    Opened open(long staffId, String clientAddress) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime expires = jdbc.sql("""
                INSERT INTO staff_sessions (token_sha256, staff_id, expires_at, client_address)
                VALUES (?, ?, now() + make_interval(secs => ?), ?) RETURNING expires_at""")
                .params(sha256(token), staffId, settings.absoluteTimeout().toSeconds(), clientAddress)
                .query(OffsetDateTime.class).single();
        return new Opened(token, expires);
    }

    /** Who this token belongs to, if it still works; counts as a use (moves the idle deadline). */
    public Optional<Current> use(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = sha256(token);
        return jdbc.sql("""
                UPDATE staff_sessions s SET last_seen_at = now() FROM staff m
                WHERE s.token_sha256 = ? AND m.id = s.staff_id AND NOT m.disabled
                  AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => ?)
                RETURNING m.id, m.email, m.name, m.role, m.must_change_password, m.disabled, m.created_at""")
                .params(hash, settings.idleTimeout().toSeconds())
                .query((rs, n) -> new Current(new StaffMembers(jdbc).row(rs, n), hash)).optional();
    }

    void revoke(String tokenHash) {
        jdbc.sql("DELETE FROM staff_sessions WHERE token_sha256 = ?").param(tokenHash).update();
    }

    /** Ends every session of this account except the one named (null: all of them). */
    void revokeAllOf(long staffId, String exceptHash) {
        jdbc.sql("DELETE FROM staff_sessions WHERE staff_id = ? AND token_sha256 IS DISTINCT FROM ?")
                .params(staffId, exceptHash).update();
    }

    /** Sessions past their end are useless; this keeps the table small. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetExpired() {
        jdbc.sql("DELETE FROM staff_sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(secs => ?)")
                .param(settings.idleTimeout().toSeconds()).update();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
