package com.dhakacart.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiHttpSupport;
import com.dhakacart.testing.LocalProcesses;
import com.dhakacart.testing.PostgresServer;
import com.dhakacart.testing.RedisServer;
import com.dhakacart.testing.SharedServices;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dependency outages with the real servers: this class owns a PostgreSQL and a Redis of its own,
 * because it stops them.
 */
class ResilienceIT extends ApiHttpSupport {

    private static final Path REDIS_DIR = SharedServices.scratchDir("resilience-redis");
    private static PostgresServer postgres;
    private static RedisServer redis;

    @DynamicPropertySource
    static void ownServers(DynamicPropertyRegistry registry) {
        postgres = PostgresServer.create(SharedServices.scratchDir("resilience-pg").resolve("data"),
                LocalProcesses.freePort(), PostgresServer.testSettings()).start();
        postgres.createDatabase("shop");
        redis = new RedisServer(REDIS_DIR, LocalProcesses.freePort()).start();
        registry.add("spring.datasource.url", () -> postgres.jdbcUrl("shop"));
        registry.add("spring.datasource.username", () -> PostgresServer.SUPERUSER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.data.redis.url", redis::url);
    }

    @AfterAll
    static void stopServers() {
        redis.stop();
        postgres.stop();
    }

    @Test
    void keepsSellingFromPostgresWhileRedisIsDownAndSaysDegraded() {
        long product = newProduct("Redis Outage Deal", "500", 5);
        redis.kill();
        Answer health = awaitHealth(a -> a.json().get("services").get("redis").asText().equals("down"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(get("/api/products").status()).isEqualTo(200);
        assertThat(post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":1}")).status()).isEqualTo(201);
        assertThat(stock(product)).isEqualTo(4);

        redis = new RedisServer(REDIS_DIR, redis.port()).start();
        assertThat(awaitHealth(a -> a.json().get("status").asText().equals("OK")).status()).isEqualTo(200);
    }

    @Test
    void answers503WhileTheDatabaseIsDownThenRecoversWithoutARestart() {
        long product = newProduct("Database Outage Deal", "700", 5);
        postgres.kill();
        Answer health = awaitHealth(a -> a.status() == 503);
        assertThat(health.json().get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.json().get("services").get("database").asText()).isEqualTo("down");
        assertThat(get("/health/ready").status()).isEqualTo(503);
        assertThat(get("/health/live").status()).isEqualTo(200);
        Answer listing = get("/api/products");
        assertThat(listing.status()).isEqualTo(503);
        assertThat(listing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(listing.header("Retry-After")).isNotNull();
        com.dhakacart.api.contract.ProblemShape.assertShowable(
                post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":1}")), 503, "database down");

        postgres.start();
        assertThat(awaitHealth(a -> a.status() == 200).json().get("services").get("database").asText()).isEqualTo("up");
        assertThat(post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":1}")).status()).isEqualTo(201);
        assertThat(get("/api/products/" + product).json().get("data").get("stock").asInt()).isEqualTo(4);
    }

    private Answer awaitHealth(Predicate<Answer> condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = get("/health");
            if (condition.test(last)) {
                return last;
            }
            LocalProcesses.sleep(java.time.Duration.ofMillis(200));
        }
        throw new AssertionError("health never reached the expected state; last: " + last.raw().body());
    }
}
