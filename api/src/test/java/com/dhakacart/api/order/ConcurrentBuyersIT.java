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

/** The Eid-sale race: many buyers, few units. */
class ConcurrentBuyersIT extends ApiTestSupport {

    @Test
    void twoHundredConcurrentBuyersForTenUnitsMakeExactlyTenOrders() throws Exception {
        long product = newProduct("Eid Special Panjabi", "2500", 10);
        String body = order("{\"product_id\":" + product + ",\"quantity\":1}");
        java.util.concurrent.atomic.AtomicInteger buyer = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                results.add(buyers.submit(() -> {
                    start.await();
                    // 200 different shoppers, so 200 different phone numbers (one phone is limited per hour).
                    String phone = "0191" + String.format("%07d", buyer.incrementAndGet());
                    return post("/api/orders", body.replace("01712345678", phone)).status();
                }));
            }
            start.countDown();
        }
        int created = 0;
        int conflicts = 0;
        for (Future<Integer> result : results) {
            int status = result.get();
            if (status == 201) {
                created++;
            } else if (status == 409) {
                conflicts++;
            } else {
                throw new AssertionError("unexpected status " + status);
            }
        }
        assertThat(created).isEqualTo(10);
        assertThat(conflicts).isEqualTo(190);
        assertThat(stock(product)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM order_items WHERE product_id = ?").param(product)
                .query(Long.class).single()).isEqualTo(10);
    }
}
