package com.dhakacart.dr.redis;

import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Redis backups (carts and sessions) in a vault: a snapshot ({@link RedisSnapshots}) sealed and stored
 * under {@code redis/<UTC time>.dump}, and restored from the newest one or a named one.
 */
public final class RedisBackups {

    /** Where Redis backups live in the vault. */
    public static final String PREFIX = "redis/";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Vault vault;
    private final Clock clock;

    public RedisBackups(Vault vault) {
        this(vault, Clock.systemUTC());
    }

    RedisBackups(Vault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    /** What a backup or restore did: the vault file and the key counts. */
    public record Outcome(StoredFile file, RedisSnapshots.Summary summary) {
    }

    /** Snapshots the Redis at {@code redisUrl} and stores it in the vault. */
    public Outcome backup(String redisUrl) throws IOException {
        Path temp = Files.createTempFile("dhakacart-redis-", ".dump");
        try {
            RedisSnapshots.Summary summary = RedisSnapshots.take(redisUrl, temp);
            StoredFile stored = vault.store(PREFIX + NAME.format(clock.instant()) + ".dump", temp);
            return new Outcome(stored, summary);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Redis backups in the vault, oldest first. */
    public List<StoredFile> list() throws IOException {
        return vault.list(PREFIX);
    }

    /** Restores the newest Redis backup into the Redis at {@code redisUrl}. */
    public Outcome restoreLatest(String redisUrl) throws IOException {
        List<StoredFile> backups = list();
        if (backups.isEmpty()) {
            throw new NoSuchFileException(PREFIX, null, "no Redis backup in " + vault.describe() + "; run redis-backup first");
        }
        return restore(backups.getLast().key(), redisUrl);
    }

    /** Restores one Redis backup (a vault key under {@link #PREFIX}); the file is verified before any key is written. */
    public Outcome restore(String key, String redisUrl) throws IOException {
        Path temp = Files.createTempFile("dhakacart-redis-", ".dump");
        try {
            vault.fetch(key, temp);
            StoredFile file = vault.list(key).stream().filter(f -> f.key().equals(key)).findFirst()
                    .orElseThrow(() -> new NoSuchFileException(key));
            return new Outcome(file, RedisSnapshots.load(temp, redisUrl));
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
