package com.dhakacart.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A flash sale over HTTP: a thousand shoppers at once for one hot product, through the batched
 * checkout lanes. Rate limits are off here: they are not what is being tested.
 */
@TestPropertySource(properties = "dhakacart.ratelimit.enabled=false")
class FlashSaleIT extends ApiTestSupport {

    private static final HttpClient PATIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();

    @Test
    void aThousandConcurrentBuyersForAHundredUnitsMakeExactlyAHundredOrders() throws Exception {
        long product = newProduct("Eid Flash Sari", "1800", 100);
        String body = order("{\"product_id\":" + product + ",\"quantity\":1,\"price\":1800}");
        List<Answer> answers = allAtOnce(1000, i -> send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()));

        List<Answer> created = answers.stream().filter(a -> a.status() == 201).toList();
        List<Answer> refused = answers.stream().filter(a -> a.status() == 409).toList();
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.raw().body()).isIn(201, 409));
        assertThat(created).hasSize(100);
        assertThat(refused).hasSize(900);
        assertThat(refused).allSatisfy(a -> {
            assertThat(a.json().get("type").asText()).endsWith("/out-of-stock");
            assertThat(a.json().get("product_name").asText()).isEqualTo("Eid Flash Sari");
            assertThat(a.json().get("available").asInt()).isZero();
        });
        assertThat(created.stream().map(a -> a.json().get("order").get("id").asText()).distinct()).hasSize(100);
        assertThat(created).allSatisfy(a ->
                assertThat(a.json().get("order").get("total_amount").decimalValue()).isEqualByComparingTo("1800"));
        assertThat(stock(product)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM order_items WHERE product_id = ?").param(product)
                .query(Long.class).single()).isEqualTo(100);
    }

    @Test
    void concurrentRetriesOfOneIdempotencyKeyMakeOneOrder() throws Exception {
        long product = newProduct("Eid Retry Lungi", "650", 50);
        String body = order("{\"product_id\":" + product + ",\"quantity\":2}");
        List<Answer> answers = allAtOnce(40, i -> post("/api/orders", body, "Idempotency-Key", "flash-retry-1"));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().get("order").get("id").asText()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(a -> "false".equals(a.header("Idempotent-Replayed")))).hasSize(1);
        assertThat(stock(product)).isEqualTo(48);
        assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE idempotency_key = 'flash-retry-1'")
                .query(Long.class).single()).isEqualTo(1);
    }

    /** A thousand connections opening at once on a busy 2-core machine: allow them time to be accepted. */
    @Override
    protected Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = PATIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response, JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private interface Request {
        Answer send(int i);
    }

    private static List<Answer> allAtOnce(int shoppers, Request request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < shoppers; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    return request.send(n);
                }));
            }
            start.countDown();
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> result : results) {
            answers.add(result.get());
        }
        return answers;
    }
}
