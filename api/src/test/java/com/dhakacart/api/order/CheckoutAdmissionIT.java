package com.dhakacart.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Admission control: with room for only one waiting order, a rush of shoppers gets fast 503s with
 * Retry-After for what does not fit, and every refused request wrote nothing.
 */
@TestPropertySource(properties = {"dhakacart.checkout.queue-capacity=1", "dhakacart.ratelimit.enabled=false"})
class CheckoutAdmissionIT extends ApiTestSupport {

    @Test
    void ordersPastTheQueueGet503WithRetryAfterAndWriteNothing() throws Exception {
        long product = newProduct("Admission Borka", "2200", 1000);
        String body = order("{\"product_id\":" + product + ",\"quantity\":1}");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> results = new ArrayList<>();
        try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 300; i++) {
                results.add(shoppers.submit(() -> {
                    start.await();
                    return post("/api/orders", body);
                }));
            }
            start.countDown();
        }
        int created = 0;
        int busy = 0;
        for (Future<Answer> result : results) {
            Answer answer = result.get();
            if (answer.status() == 201) {
                created++;
            } else {
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isEqualTo("2");
                assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
                assertThat(answer.json().get("type").asText()).endsWith("/checkout-busy");
                assertThat(answer.json().get("error").asText()).contains("try again");
                busy++;
            }
        }
        assertThat(busy).as("300 shoppers at once overflow a queue of one").isPositive();
        assertThat(created + busy).isEqualTo(300);
        assertThat(orderCount()).isEqualTo(created);
        assertThat(stock(product)).isEqualTo(1000 - created);
    }
}
