package com.dhakacart.api.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) kept in Redis, so every API replica counts the same hits. A bucket refills all
 * at once when its period is over, like the fixed window it replaced, and Redis forgets it soon after
 * (every key has a TTL, so Redis may evict it under memory pressure). If Redis is down the limits fail
 * open: losing sales to a cache outage would be worse than a minute without limits.
 */
@Component
class Buckets implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Buckets.class);

    private final LettuceConnectionFactory redis;
    private final String namespace;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile ProxyManager<byte[]> buckets;
    // After a Redis failure, skip Redis for a few seconds instead of paying its timeout on every request.
    private volatile long redisRetryAt;

    Buckets(LettuceConnectionFactory redis, RateLimitSettings settings) {
        this.redis = redis;
        this.namespace = settings.namespace();
    }

    /**
     * Takes one hit from the bucket {@code kind:who} that allows {@code limit} hits per {@code period}; the
     * seconds to wait when it is empty, or empty when the hit is allowed (or Redis cannot tell).
     */
    OptionalLong take(String kind, String who, int limit, Duration period) {
        if (System.currentTimeMillis() < redisRetryAt) {
            return OptionalLong.empty();
        }
        try {
            BucketConfiguration config = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(limit).refillIntervally(limit, period).build())
                    .build();
            // Hashed: the client token is caller-chosen text, and the key must stay short and harmless.
            byte[] key = (namespace + ":" + kind + ":" + sha256(who)).getBytes(StandardCharsets.UTF_8);
            ConsumptionProbe probe = manager().getProxy(key, () -> config).tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
        } catch (RuntimeException redisDown) {
            redisRetryAt = System.currentTimeMillis() + 5_000;
            log.debug("rate limit skipped, Redis unavailable: {}", redisDown.getMessage());
            return OptionalLong.empty();
        }
    }

    /**
     * Takes one hit like {@link #take}, and answers how many hits are left in the bucket afterwards (0 when
     * this hit emptied it, -1 when it was already empty), or empty when Redis cannot tell.
     */
    OptionalLong takeCountingLeft(String kind, String who, int limit, Duration period) {
        if (System.currentTimeMillis() < redisRetryAt) {
            return OptionalLong.empty();
        }
        try {
            BucketConfiguration config = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(limit).refillIntervally(limit, period).build())
                    .build();
            ConsumptionProbe probe = manager().getProxy(key(kind, who), () -> config).tryConsumeAndReturnRemaining(1);
            return OptionalLong.of(probe.isConsumed() ? probe.getRemainingTokens() : -1);
        } catch (RuntimeException redisDown) {
            unavailable(redisDown);
            return OptionalLong.empty();
        }
    }

    /** Marks {@code kind:who} as locked for {@code period} (a plain key with that TTL). */
    void lock(String kind, String who, Duration period) {
        if (System.currentTimeMillis() < redisRetryAt) {
            return;
        }
        try {
            manager();
            connection.sync().set(key("lock:" + kind, who), new byte[] {1},
                    io.lettuce.core.SetArgs.Builder.ex(period.toSeconds()));
        } catch (RuntimeException redisDown) {
            unavailable(redisDown);
        }
    }

    /** The seconds {@code kind:who} stays locked, or empty when it is not (or Redis cannot tell). */
    OptionalLong lockedFor(String kind, String who) {
        if (System.currentTimeMillis() < redisRetryAt) {
            return OptionalLong.empty();
        }
        try {
            manager();
            long ttl = connection.sync().ttl(key("lock:" + kind, who));
            return ttl > 0 ? OptionalLong.of(ttl) : OptionalLong.empty();
        } catch (RuntimeException redisDown) {
            unavailable(redisDown);
            return OptionalLong.empty();
        }
    }

    private byte[] key(String kind, String who) {
        return (namespace + ":" + kind + ":" + sha256(who)).getBytes(StandardCharsets.UTF_8);
    }

    private void unavailable(RuntimeException redisDown) {
        redisRetryAt = System.currentTimeMillis() + 5_000;
        log.debug("rate limit skipped, Redis unavailable: {}", redisDown.getMessage());
    }

    private ProxyManager<byte[]> manager() {
        ProxyManager<byte[]> current = buckets;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (buckets == null) {
                // The client Spring Boot built from spring.data.redis.* (address, password, TLS), opened
                // lazily so the API starts while Redis is still down.
                RedisClient client = (RedisClient) redis.getNativeClient();
                StatefulRedisConnection<byte[], byte[]> opened = client.connect(ByteArrayCodec.INSTANCE);
                opened.setTimeout(Duration.ofMillis(250));
                connection = opened;
                buckets = Bucket4jLettuce.casBasedBuilder(opened)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .requestTimeout(Duration.ofMillis(250))
                        .build();
            }
            return buckets;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        if (connection != null) {
            connection.close();
        }
    }
}
