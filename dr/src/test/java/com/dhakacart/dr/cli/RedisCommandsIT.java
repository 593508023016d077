package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.RedisServer;
import com.dhakacart.testing.SharedServices;
import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code redis-backup} and {@code redis-restore} through the CLI: carts and sessions survive a Redis loss. */
class RedisCommandsIT {

    @Test
    void cartsAndSessionsComeBackAfterRedisIsLost() throws Exception {
        Path home = SharedServices.scratchDir("dr-redis-cli");
        int port = LocalProcesses.freePort();
        Map<String, String> env = Map.of("DHAKACART_HOME", home.toString(), "REDIS_URL", "redis://127.0.0.1:" + port);
        RedisServer redis = new RedisServer(home.resolve("redis"), port).start();
        try {
            try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> commands = connection.sync();
                commands.hset("cart:alice", Map.of("sku-1", "2", "sku-7", "1"));
                commands.setex("session:abc", 3600, "alice");
            }
            String[] backup = run(env, "redis-backup", "--json");
            assertThat(backup[0]).as(backup[2]).isEqualTo("0");
            JsonNode json = Catalogue.JSON.readTree(backup[1]);
            assertThat(json.path("keys").asLong()).isEqualTo(2);

            redis.kill();
            redis = new RedisServer(home.resolve("redis-new"), port).start();

            String[] restore = run(env, "redis-restore");
            assertThat(restore[0]).as(restore[2]).isEqualTo("0");
            assertThat(restore[1]).contains("2 keys");
            try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> commands = connection.sync();
                assertThat(commands.hgetall("cart:alice")).containsEntry("sku-1", "2").containsEntry("sku-7", "1");
                assertThat(commands.get("session:abc")).isEqualTo("alice");
                assertThat(commands.ttl("session:abc")).isBetween(3000L, 3600L);
            }
        } finally {
            redis.stop();
        }
    }

    @Test
    void aBackupOfARedisThatIsDownFailsInOneClearLine() {
        Path home = SharedServices.scratchDir("dr-redis-none");
        String[] run = run(Map.of("DHAKACART_HOME", home.toString(), "REDIS_URL", "redis://127.0.0.1:1"), "redis-backup");
        // No Redis listening: one line, not a stack trace.
        assertThat(run[0]).isNotEqualTo("0");
        assertThat(run[2].lines().filter(l -> l.startsWith("dhakacart dr")).count()).isEqualTo(1);
        assertThat(run[2]).doesNotContain("\tat ");
    }

    private static String[] run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DrMain.run(new PrintWriter(out), new PrintWriter(err), env, args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
