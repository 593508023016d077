package com.dhakacart.api.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Probes PostgreSQL and Redis once a second in the background, so health checks answer instantly even
 * while a dependency hangs, and the shop notices by itself when a dependency comes back.
 */
@Component
class Dependencies {

    private static final Logger log = LoggerFactory.getLogger(Dependencies.class);

    private final JdbcClient jdbc;
    private final RedisConnectionFactory redis;
    private volatile boolean databaseUp;
    private volatile boolean redisUp;

    Dependencies(JdbcClient jdbc, RedisConnectionFactory redis) {
        this.jdbc = jdbc;
        this.redis = redis;
        probe();
    }

    @Scheduled(fixedDelay = 1000)
    void probe() {
        boolean db = probeDatabase();
        boolean cache = probeRedis();
        if (db != databaseUp) {
            log.warn("database is now {}", db ? "up" : "DOWN");
        }
        if (cache != redisUp) {
            log.warn("redis is now {}", cache ? "up" : "DOWN");
        }
        databaseUp = db;
        redisUp = cache;
    }

    public boolean databaseUp() {
        return databaseUp;
    }

    public boolean redisUp() {
        return redisUp;
    }

    private boolean probeDatabase() {
        try {
            return jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean probeRedis() {
        try (RedisConnection connection = redis.getConnection()) {
            return "PONG".equals(connection.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

}
