package com.dhakacart.dr.redis;

import com.dhakacart.dr.crypto.KeyFiles;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.vault.Vaults;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.RedisServer;
import com.dhakacart.testing.SharedServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Carts and sessions survive the loss of Redis: backed up through a vault, restored into a new, empty Redis. */
class RedisBackupIT {

    Path dir;
    Vault vault;
    RedisServer redis;

    @BeforeEach
    void setUp() throws Exception {
        dir = SharedServices.scratchDir("redis-backup");
        vault = Vaults.open(List.of(dir.resolve("backups").toUri()), KeyFiles.generate(dir.resolve("keys/dr.key")));
        redis = new RedisServer(dir.resolve("redis-1"), LocalProcesses.freePort()).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        redis.stop();
        vault.close();
    }

    @Test
    void bringsBackCartsAndSessionsWithTheirTtlsAfterRedisIsLost() throws Exception {
        with(redis, r -> {
            r.hset("cart:ayesha", Map.of("product:17", "2", "product:42", "1"));
            r.expire("cart:ayesha", 7 * 24 * 3600);
            r.setex("session:9f2c", 1800, "{\"customer\":\"rahim.uddin@example.com\"}");
            r.rpush("cart:guest-5:history", "added 17", "added 42");
            r.sadd("catalog:featured", "17", "42", "99");
            r.set("orders:sequence", "1042");
            for (int i = 0; i < 1200; i++) {
                r.setex("session:bulk-" + i, 3600, "s" + i);
            }
            r.psetex("session:about-to-expire", 1500, "soon gone");
        });
        long aboutToExpireGoneAt = System.nanoTime() + Duration.ofMillis(1600).toNanos();

        RedisBackups backups = new RedisBackups(vault);
        RedisBackups.Outcome backedUp = backups.backup(redis.url());
        assertThat(backedUp.summary().keys()).isEqualTo(1206);
        assertThat(new String(allBytesUnder(dir.resolve("backups")), StandardCharsets.ISO_8859_1)).doesNotContain("rahim.uddin@example.com");

        // Redis runs with --save "": killing it loses every key.
        redis.kill();
        redis = new RedisServer(dir.resolve("redis-2"), redis.port()).start();
        with(redis, r -> assertThat(r.dbsize()).isZero());
        LocalProcesses.sleep(Duration.ofNanos(Math.max(0, aboutToExpireGoneAt - System.nanoTime())));

        RedisBackups.Outcome restored = backups.restoreLatest(redis.url());

        assertThat(restored.file().key()).isEqualTo(backedUp.file().key());
        assertThat(restored.summary().keys()).isEqualTo(1205);
        assertThat(restored.summary().skippedExpired()).as("expired while backed up: not brought back").isEqualTo(1);
        with(redis, r -> {
            assertThat(r.hgetall("cart:ayesha")).containsExactlyInAnyOrderEntriesOf(Map.of("product:17", "2", "product:42", "1"));
            assertThat(r.ttl("cart:ayesha")).isBetween(7L * 24 * 3600 - 30, 7L * 24 * 3600);
            assertThat(r.get("session:9f2c")).isEqualTo("{\"customer\":\"rahim.uddin@example.com\"}");
            assertThat(r.ttl("session:9f2c")).isBetween(1800L - 30, 1800L);
            assertThat(r.lrange("cart:guest-5:history", 0, -1)).containsExactly("added 17", "added 42");
            assertThat(r.smembers("catalog:featured")).containsExactlyInAnyOrder("17", "42", "99");
            assertThat(r.get("orders:sequence")).isEqualTo("1042");
            assertThat(r.ttl("orders:sequence")).as("no expiry stays no expiry").isEqualTo(-1L);
            assertThat(r.exists("session:about-to-expire")).isZero();
            assertThat(r.get("session:bulk-1199")).isEqualTo("s1199");
            assertThat(r.dbsize()).isEqualTo(1205);
        });
    }

    @Test
    void replacesKeysThatExistAndLeavesOthersAlone() throws Exception {
        with(redis, r -> r.set("cart:1", "from backup"));
        RedisBackups backups = new RedisBackups(vault);
        backups.backup(redis.url());
        with(redis, r -> {
            r.set("cart:1", "changed since");
            r.set("cart:2", "new since");
        });

        backups.restoreLatest(redis.url());

        with(redis, r -> {
            assertThat(r.get("cart:1")).isEqualTo("from backup");
            assertThat(r.get("cart:2")).isEqualTo("new since");
        });
    }

    @Test
    void saysPlainlyWhenRedisIsDownOrThereIsNoBackup() {
        RedisBackups backups = new RedisBackups(vault);
        assertThatThrownBy(() -> backups.restoreLatest(redis.url())).hasMessageContaining("no Redis backup");

        redis.kill();
        assertThatThrownBy(() -> backups.backup(redis.url()))
                .hasMessageContaining("cannot connect to Redis at redis://127.0.0.1:" + redis.port());
    }

    private static void with(RedisServer server, Consumer<RedisCommands<String, String>> action) {
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            action.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private static byte[] allBytesUnder(Path root) throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }
}
