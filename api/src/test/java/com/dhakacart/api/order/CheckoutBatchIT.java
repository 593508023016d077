package com.dhakacart.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dhakacart.api.ApiTestSupport;
import com.dhakacart.api.order.payment.PaymentProviders;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One checkout batch, built by hand so the orders are certainly batch-mates: each is decided on its
 * own, in one transaction, against real PostgreSQL.
 */
class CheckoutBatchIT extends ApiTestSupport {

    @Autowired
    CheckoutBatch batches;
    @Autowired
    PaymentProviders payments;

    @Test
    void aBadOrderInABatchDoesNotFailItsBatchMates() throws Exception {
        long kurta = newProduct("Batch Kurta", "900", 10);
        long cap = newProduct("Batch Tupi", "150", 1);
        PendingOrder first = pending(null, line(kurta, 2, null));
        PendingOrder tooMany = pending(null, line(kurta, 50, null));
        PendingOrder stalePrice = pending(null, line(kurta, 1, "850"));
        PendingOrder unknown = pending(null, line(kurta, 1, null), line(987654321L, 1, null));
        PendingOrder secondLineShort = pending(null, line(kurta, 1, null), line(cap, 2, null));
        PendingOrder last = pending(null, line(kurta, 3, null), line(cap, 1, null));

        batches.place(List.of(first, tooMany, stalePrice, unknown, secondLineShort, last));

        assertThat(first.answer.get().order().total().amount()).isEqualByComparingTo("1800");
        assertThat(last.answer.get().order().total().amount()).isEqualByComparingTo("2850");
        assertThat(rejection(tooMany).reason()).isEqualTo(OrderRejected.Reason.OUT_OF_STOCK);
        assertThat(rejection(tooMany).getMessage()).contains("Batch Kurta").contains("8 left");
        assertThat(rejection(stalePrice).reason()).isEqualTo(OrderRejected.Reason.PRICE_CHANGED);
        assertThat(rejection(unknown).reason()).isEqualTo(OrderRejected.Reason.UNKNOWN_PRODUCT);
        assertThat(rejection(secondLineShort).reason()).isEqualTo(OrderRejected.Reason.OUT_OF_STOCK);
        assertThat(rejection(secondLineShort).getMessage()).contains("Batch Tupi");
        // All-or-nothing per order: the refused two-line order took no kurta either.
        assertThat(stock(kurta)).isEqualTo(5);
        assertThat(stock(cap)).isZero();
        assertThat(jdbc.sql("SELECT count(DISTINCT order_id) FROM order_items WHERE product_id IN (?, ?)")
                .params(kurta, cap).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM order_items WHERE product_id = ?").param(kurta)
                .query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void anIdempotencyKeyRetriedInsideAndAcrossBatchesMakesOneOrder() throws Exception {
        long rice = newProduct("Batch Chinigura Rice", "210", 20);
        PendingOrder attempt = pending("key-in-batch", line(rice, 4, null));
        PendingOrder retryInSameBatch = pending("key-in-batch", line(rice, 4, null));
        PendingOrder reuseForAnotherOrder = pending("key-in-batch", line(rice, 5, null));
        batches.place(List.of(attempt, retryInSameBatch, reuseForAnotherOrder));

        PendingOrder retryInNextBatch = pending("key-in-batch", line(rice, 4, null));
        batches.place(List.of(retryInNextBatch, pending(null, line(rice, 1, null))));

        String id = attempt.answer.get().order().id();
        assertThat(attempt.answer.get().replayed()).isFalse();
        assertThat(retryInSameBatch.answer.get().order().id()).isEqualTo(id);
        assertThat(retryInSameBatch.answer.get().replayed()).isTrue();
        assertThat(retryInNextBatch.answer.get().order().id()).isEqualTo(id);
        assertThat(retryInNextBatch.answer.get().replayed()).isTrue();
        assertThat(rejection(reuseForAnotherOrder).reason()).isEqualTo(OrderRejected.Reason.IDEMPOTENCY_KEY_REUSED);
        assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE idempotency_key = 'key-in-batch'")
                .query(Long.class).single()).isEqualTo(1);
        assertThat(stock(rice)).isEqualTo(20 - 4 - 1);
    }

    private PendingOrder pending(String key, OrderRequest.Line... lines) {
        OrderRequest request = new OrderRequest("Karim Sheikh", "karim@example.com", com.dhakacart.kernel.PhoneNumber.parse("01812345678").orElseThrow(),
                "Road 2, Mirpur 10, Dhaka", null, List.of(lines), "cod", key);
        return new PendingOrder(request, payments.forMethod("cod").orElseThrow());
    }

    private static OrderRequest.Line line(long product, int quantity, String claimedPrice) {
        return new OrderRequest.Line(product, quantity, claimedPrice == null ? null : new BigDecimal(claimedPrice));
    }

    private static OrderRejected rejection(PendingOrder pending) {
        assertThatThrownBy(pending.answer::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OrderRejected.class);
        return (OrderRejected) pending.answer.exceptionNow();
    }
}
