package com.dhakacart.dr.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes and loads Redis snapshots over the ordinary Redis protocol: every key's DUMP payload with its
 * expiry, and back with {@code RESTORE ... REPLACE ABSTTL}.
 *
 * <p>Why DUMP/RESTORE rather than {@code redis-cli --rdb}: it needs no redis-cli on the DR host and no
 * access to the Redis data directory or restart (so it also works on managed Redis, which refuses
 * SYNC), it restores into a running server, and absolute expiry times mean a session restored an hour
 * later still expires when it would have, while one that expired meanwhile is not brought back. The
 * price is that keys are read one batch at a time rather than at one instant; carts and sessions are
 * independent keys, so no cross-key consistency is lost. DUMP payloads carry the RDB version: restoring
 * into an older Redis major version fails with Redis' own error.
 */
final class RedisSnapshots {

    private static final int BATCH = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RedisSnapshots() {
    }

    /** How much a snapshot or a load moved. */
    public record Summary(long keys, long skippedExpired, long payloadBytes) {
    }

    /** Writes every key of the database the URL names (default 0) into {@code file}. */
    public static Summary take(String redisUrl, Path file) throws IOException {
        try (Connection redis = connect(redisUrl);
             RedisDumpFile.Writer out = new RedisDumpFile.Writer(file)) {
            RedisAsyncCommands<byte[], byte[]> commands = redis.connection.async();
            long bytes = 0;
            long vanished = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = await(commands.scan(cursor, ScanArgs.Builder.limit(BATCH)), redisUrl);
                List<byte[]> keys = page.getKeys();
                // One TIME per batch turns relative PTTLs into absolute expiry in the server's own clock.
                long now = serverTimeMillis(commands, redisUrl);
                List<RedisFuture<byte[]>> dumps = new ArrayList<>(keys.size());
                List<RedisFuture<Long>> ttls = new ArrayList<>(keys.size());
                for (byte[] key : keys) {
                    dumps.add(commands.dump(key));
                    ttls.add(commands.pttl(key));
                }
                for (int i = 0; i < keys.size(); i++) {
                    byte[] payload = await(dumps.get(i), redisUrl);
                    long ttl = await(ttls.get(i), redisUrl);
                    if (payload == null || ttl == -2) {
                        vanished++;
                        continue;
                    }
                    long expireAt = ttl < 0 ? RedisDumpFile.NO_EXPIRY : now + ttl;
                    out.write(new RedisDumpFile.Entry(keys.get(i), expireAt, payload));
                    bytes += payload.length;
                }
                cursor = page;
            } while (!cursor.isFinished());
            return new Summary(out.count(), vanished, bytes);
        }
    }

    /**
     * Loads a snapshot file into the database the URL names, replacing keys of the same name and keeping
     * each key's original expiry; keys whose expiry has passed are skipped. Other keys are left alone.
     */
    public static Summary load(Path file, String redisUrl) throws IOException {
        try (Connection redis = connect(redisUrl);
             RedisDumpFile.Reader in = new RedisDumpFile.Reader(file)) {
            RedisAsyncCommands<byte[], byte[]> commands = redis.connection.async();
            long restored = 0;
            long expired = 0;
            long bytes = 0;
            long now = serverTimeMillis(commands, redisUrl);
            List<RedisFuture<String>> pending = new ArrayList<>(BATCH);
            for (RedisDumpFile.Entry entry = in.next(); entry != null; entry = in.next()) {
                if (entry.expireAtMillis() != RedisDumpFile.NO_EXPIRY && entry.expireAtMillis() <= now) {
                    expired++;
                    continue;
                }
                RestoreArgs args = new RestoreArgs().replace();
                if (entry.expireAtMillis() != RedisDumpFile.NO_EXPIRY) {
                    args.ttl(entry.expireAtMillis()).absttl();
                }
                pending.add(commands.restore(entry.key(), entry.payload(), args));
                restored++;
                bytes += entry.payload().length;
                if (pending.size() == BATCH) {
                    awaitAll(pending, redisUrl);
                    now = serverTimeMillis(commands, redisUrl);
                }
            }
            awaitAll(pending, redisUrl);
            return new Summary(restored, expired, bytes);
        }
    }

    private static long serverTimeMillis(RedisAsyncCommands<byte[], byte[]> commands, String redisUrl) throws IOException {
        List<byte[]> time = await(commands.time(), redisUrl);
        long seconds = Long.parseLong(new String(time.get(0), java.nio.charset.StandardCharsets.US_ASCII));
        long micros = Long.parseLong(new String(time.get(1), java.nio.charset.StandardCharsets.US_ASCII));
        return seconds * 1000 + micros / 1000;
    }

    private static void awaitAll(List<RedisFuture<String>> pending, String redisUrl) throws IOException {
        for (RedisFuture<String> future : pending) {
            await(future, redisUrl);
        }
        pending.clear();
    }

    private static <T> T await(RedisFuture<T> future, String redisUrl) throws IOException {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while talking to Redis at " + redacted(redisUrl));
        } catch (ExecutionException e) {
            throw new IOException("Redis at " + redacted(redisUrl) + " refused: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("Redis at " + redacted(redisUrl) + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static Connection connect(String redisUrl) throws IOException {
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid Redis URL '" + redacted(redisUrl) + "': use redis://host:port[/db]");
        }
        uri.setTimeout(TIMEOUT);
        RedisClient client = RedisClient.create(resources(), uri);
        try {
            return new Connection(client, client.connect(ByteArrayCodec.INSTANCE));
        } catch (RedisConnectionException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw new IOException("cannot connect to Redis at " + redacted(redisUrl) + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
    }

    private static String redacted(String redisUrl) {
        return redisUrl.replaceFirst("//[^@/]*@", "//***@");
    }

    /** One small set of I/O threads for the whole process: creating and tearing them down per call costs seconds. */
    private static synchronized ClientResources resources() {
        if (resources == null) {
            resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
        }
        return resources;
    }

    private static ClientResources resources;

    private record Connection(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
