package com.dhakacart.api.order;

import com.dhakacart.api.order.OrderRejected.Reason;
import com.dhakacart.api.order.payment.PaymentProvider;
import com.dhakacart.api.order.payment.PaymentProviders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.springframework.stereotype.Service;

/**
 * Places orders: checks what needs no lock, then queues the order in its product's checkout lane
 * ({@link CheckoutLanes}), where {@link CheckoutBatch} prices it from the database and takes its stock
 * together with the other orders waiting for that product. The caller waits for its own answer.
 */
@Service
public class OrderPlacement {

    private final Orders orders;
    private final PaymentProviders payments;
    private final CheckoutLanes lanes;

    OrderPlacement(Orders orders, PaymentProviders payments, CheckoutLanes lanes) {
        this.orders = orders;
        this.payments = payments;
        this.lanes = lanes;
    }

    /** The outcome of placing: the order, and whether it was an earlier order returned for a retry. */
    public record Placed(Order order, boolean replayed) {
    }

    /**
     * Places the order, or throws {@link OrderRejected} (nothing written), {@link CheckoutBusy} (too many
     * waiting; nothing written) or the database's failure.
     */
    public Placed place(OrderRequest request) {
        PaymentProvider payment = payments.forMethod(request.paymentMethod()).orElseThrow(() ->
                new OrderRejected(Reason.INVALID, "Unknown payment_method '" + request.paymentMethod()
                        + "'; supported: " + payments.methods())
                        .with("errors", List.of(Map.of("field", "payment_method",
                                "message", "must be one of " + payments.methods()))));
        refuseOverTheCap(request);
        PendingOrder pending = new PendingOrder(request, payment);
        if (request.idempotencyKey() != null) {
            // The common retry (the first attempt committed long ago) is answered without queueing.
            var earlier = orders.byIdempotencyKey(request.idempotencyKey());
            if (earlier.isPresent()) {
                if (!earlier.get().fingerprint().equals(pending.fingerprint)) {
                    throw new OrderRejected(Reason.IDEMPOTENCY_KEY_REUSED,
                            "This Idempotency-Key was already used for a different order");
                }
                return withToken(new Placed(earlier.get().order(), true));
            }
        }
        lanes.submit(pending);
        try {
            return withToken(pending.answer.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("checkout failed", e.getCause());
        } catch (InterruptedException e) {
            // The batch still decides this order; the shopper's retry with its Idempotency-Key finds it.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for checkout", e);
        }
    }

    /**
     * The cap is per product, not per line: lines naming the same product are merged first, so repeating a
     * line cannot take more of a product than one line may.
     */
    private static void refuseOverTheCap(OrderRequest request) {
        Map<Long, Integer> merged = new java.util.TreeMap<>();
        request.lines().forEach(line -> merged.merge(line.productId(), line.quantity(), Integer::sum));
        merged.forEach((product, quantity) -> {
            if (quantity > OrderRequest.MAX_QUANTITY_PER_PRODUCT) {
                String message = "at most " + OrderRequest.MAX_QUANTITY_PER_PRODUCT + " of one product per order (product "
                        + product + ": " + quantity + " in all its lines)";
                throw new OrderRejected(Reason.INVALID, "Validation failed")
                        .with("errors", List.of(Map.of("field", "items", "message", message)))
                        .with("product_id", product);
            }
        });
    }

    /**
     * A retry answered with an order read back from the database: the first answer's token exists only as
     * a hash, so the retry gets a fresh token of its own (the caller proved it sent the same order with the
     * same Idempotency-Key). Both tokens open the order.
     */
    private Placed withToken(Placed placed) {
        if (placed.order().accessToken() != null) {
            return placed;
        }
        return new Placed(placed.order().withAccessToken(orders.issueToken(placed.order().id())), placed.replayed());
    }

    /** The order, for reasons other than its token (the caller decides what it may show). */
    public Optional<Order> find(String id) {
        return orders.byId(id);
    }

    /** The order, if this is one of its access tokens. */
    public Optional<Order> findWithToken(String id, String token) {
        return orders.byIdAndToken(id, token);
    }
}
