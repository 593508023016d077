package com.dhakacart.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"dhakacart.ratelimit.orders-per-client-per-minute=3",
        "dhakacart.ratelimit.orders-per-ip-per-minute=6"})
class OrderRateLimitIT extends ApiTestSupport {

    @Test
    void limitsOneClientWithoutPunishingOthersBehindTheSameAddress() {
        long product = newProduct("Limited Lichi", "300", 100);
        String body = order("{\"product_id\":" + product + ",\"quantity\":1}");
        for (int i = 0; i < 3; i++) {
            assertThat(post("/api/orders", body, "X-Client-Token", "phone-A").status()).isEqualTo(201);
        }
        Answer limited = post("/api/orders", body, "X-Client-Token", "phone-A");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(limited.json().get("error").asText()).contains("Too many orders");
        // Another shopper on the same carrier-grade NAT address still buys.
        assertThat(post("/api/orders", body, "X-Client-Token", "phone-B").status()).isEqualTo(201);
        assertThat(stock(product)).isEqualTo(96);
        // The address as a whole has a (higher) limit too: 6 a minute here.
        assertThat(post("/api/orders", body, "X-Client-Token", "phone-C").status()).isEqualTo(201);
        assertThat(post("/api/orders", body, "X-Client-Token", "phone-D").status()).isEqualTo(201);
        assertThat(post("/api/orders", body, "X-Client-Token", "phone-E").status()).isEqualTo(429);
        assertThat(stock(product)).isEqualTo(94);
    }
}
