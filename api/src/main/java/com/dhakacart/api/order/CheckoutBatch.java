package com.dhakacart.api.order;

import com.dhakacart.api.catalog.Product;
import com.dhakacart.api.catalog.Products;
import com.dhakacart.api.order.OrderRejected.Reason;
import com.dhakacart.kernel.Money;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places a batch of waiting orders in ONE transaction: lock every product the batch touches (one
 * statement, id order), decide each order on its own against the locked prices and the stock still
 * left, write the accepted orders, take their stock in one update, commit once. The commit (and in
 * synchronous mode the wait for the WAL receiver) is shared by the whole batch, and nobody is
 * answered before it: an order is placed exactly when its stock was taken, and a refused order never
 * takes its batch-mates down with it.
 */
@Component
class CheckoutBatch {

    private final Products products;
    private final Orders orders;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    CheckoutBatch(Products products, Orders orders, TransactionTemplate transaction,
                  ApplicationEventPublisher events) {
        this.products = products;
        this.orders = orders;
        this.transaction = transaction;
        this.events = events;
    }

    /** Decides every order of the batch, announces the placed ones ({@link OrderPlaced}), answers each. */
    void place(List<PendingOrder> batch) {
        Map<PendingOrder, Decision> decided;
        try {
            decided = transaction.execute(status -> decide(batch));
        } catch (DataIntegrityViolationException e) {
            retryOneByOne(batch, e);
            return;
        } catch (RuntimeException e) {
            // The database failed the whole batch (connection lost, timeout): nothing was written.
            batch.forEach(p -> p.answer.completeExceptionally(e));
            return;
        }
        for (PendingOrder pending : batch) {
            if (decided.get(pending) instanceof Accepted accepted) {
                events.publishEvent(new OrderPlaced(accepted.order));
            }
        }
        // Answers only after the commit: a shopper told "placed" has an order that survives a crash.
        for (PendingOrder pending : batch) {
            answer(pending, decided);
        }
    }

    /**
     * A constraint failed the batch (in practice: the same Idempotency-Key raced in from another
     * lane or instance). Each order gets its own transaction so the culprit alone is affected.
     */
    private void retryOneByOne(List<PendingOrder> batch, DataIntegrityViolationException cause) {
        if (batch.size() > 1) {
            for (PendingOrder pending : batch) {
                place(List.of(pending));
            }
            return;
        }
        PendingOrder only = batch.getFirst();
        if (cause instanceof DuplicateKeyException && only.idempotencyKey() != null) {
            var earlier = orders.byIdempotencyKey(only.idempotencyKey());
            if (earlier.isPresent()) {
                complete(only, replay(earlier.get(), only.fingerprint));
                return;
            }
        }
        only.answer.completeExceptionally(cause);
    }

    private Map<PendingOrder, Decision> decide(List<PendingOrder> batch) {
        Set<Long> ids = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        for (PendingOrder pending : batch) {
            pending.request.lines().forEach(line -> ids.add(line.productId()));
            if (pending.idempotencyKey() != null) {
                keys.add(pending.idempotencyKey());
            }
        }
        Map<Long, Product> locked = products.lockForCheckout(ids).stream()
                .collect(Collectors.toMap(Product::id, Function.identity()));
        // Read under the locks: a batch of another instance holding these products has committed by now.
        Set<String> used = orders.usedKeys(keys);
        Map<Long, Integer> left = new HashMap<>();
        locked.values().forEach(p -> left.put(p.id(), p.stock()));

        Map<PendingOrder, Decision> decided = new IdentityHashMap<>();
        Map<String, PendingOrder> firstWithKey = new HashMap<>();
        List<Orders.NewOrder> accepted = new ArrayList<>();
        Map<Long, Integer> taken = new TreeMap<>();
        for (PendingOrder pending : batch) {
            String key = pending.idempotencyKey();
            if (key != null && used.contains(key)) {
                decided.put(pending, orders.byIdempotencyKey(key)
                        .<Decision>map(k -> replay(k, pending.fingerprint))
                        .orElseGet(() -> new Refused(new IllegalStateException("order for a used key vanished"))));
                continue;
            }
            if (key != null && firstWithKey.containsKey(key)) {
                decided.put(pending, new SameKeyAs(firstWithKey.get(key)));
                continue;
            }
            try {
                Order order = price(pending, locked, left);
                order.items().forEach(item -> {
                    left.merge(item.productId(), -item.quantity(), Integer::sum);
                    taken.merge(item.productId(), item.quantity(), Integer::sum);
                });
                accepted.add(new Orders.NewOrder(order, key, pending.fingerprint,
                        pending.payment.begin(order.id(), order.total().amount())));
                decided.put(pending, new Accepted(order));
                if (key != null) {
                    firstWithKey.put(key, pending);
                }
            } catch (OrderRejected rejected) {
                decided.put(pending, new Refused(rejected));
            }
        }
        orders.addAll(accepted);
        products.takeStock(taken);
        return decided;
    }

    /** Prices one order from the locked rows and checks it against the stock its batch-mates left. */
    private static Order price(PendingOrder pending, Map<Long, Product> locked, Map<Long, Integer> left) {
        OrderRequest request = pending.request;
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        Map<Long, BigDecimal> claimed = new LinkedHashMap<>();
        for (OrderRequest.Line line : request.lines()) {
            quantities.merge(line.productId(), line.quantity(), Integer::sum);
            if (line.claimedPrice() != null) {
                claimed.put(line.productId(), line.claimedPrice());
            }
        }
        for (Long id : quantities.keySet()) {
            if (!locked.containsKey(id)) {
                throw new OrderRejected(Reason.UNKNOWN_PRODUCT, "Product " + id + " not found").with("product_id", id);
            }
        }
        List<Order.Item> items = new ArrayList<>();
        for (var entry : quantities.entrySet()) {
            Product product = locked.get(entry.getKey());
            int available = left.get(product.id());
            if (available < entry.getValue()) {
                throw outOfStock(product, available, entry.getValue());
            }
            items.add(new Order.Item(product.id(), product.name(), entry.getValue(), new Money(product.price())));
        }
        items.sort(Comparator.comparingLong(Order.Item::productId));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Order order = Order.place(OrderNumbers.newOrderId(), OrderNumbers.newAccessToken(), request, items, now);
        refuseDisagreement(request, claimed, locked, quantities, order.total().amount());
        return order;
    }

    private static void refuseDisagreement(OrderRequest request, Map<Long, BigDecimal> claimed,
                                           Map<Long, Product> locked, Map<Long, Integer> quantities,
                                           BigDecimal total) {
        boolean linesDisagree = claimed.entrySet().stream()
                .anyMatch(e -> e.getValue().compareTo(locked.get(e.getKey()).price()) != 0);
        boolean totalDisagrees = request.claimedTotal() != null && request.claimedTotal().compareTo(total) != 0;
        if (linesDisagree || totalDisagrees) {
            List<Map<String, Object>> prices = quantities.keySet().stream().sorted().map(locked::get)
                    .map(p -> Map.<String, Object>of("product_id", p.id(), "name", p.name(), "price", p.price()))
                    .toList();
            throw new OrderRejected(Reason.PRICE_CHANGED,
                    "Prices have changed; please review the current prices and total")
                    .with("current_prices", prices).with("total_amount", total);
        }
    }

    private static OrderRejected outOfStock(Product product, int available, int requested) {
        return new OrderRejected(Reason.OUT_OF_STOCK, "Not enough stock for " + product.name()
                + ": " + available + " left, " + requested + " requested")
                .with("product_id", product.id()).with("product_name", product.name())
                .with("available", available);
    }

    private static Decision replay(Orders.Keyed earlier, String fingerprint) {
        if (!earlier.fingerprint().equals(fingerprint)) {
            return new Refused(keyReused());
        }
        return new Replayed(earlier.order());
    }

    private static OrderRejected keyReused() {
        return new OrderRejected(Reason.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was already used for a different order");
    }

    private static void answer(PendingOrder pending, Map<PendingOrder, Decision> decided) {
        Decision decision = decided.get(pending);
        if (decision instanceof SameKeyAs same) {
            // A retry that arrived while its first attempt was still waiting in the same batch.
            Decision first = decided.get(same.first);
            decision = !(first instanceof Accepted accepted) ? first
                    : same.first.fingerprint.equals(pending.fingerprint) ? new Replayed(accepted.order)
                    : new Refused(keyReused());
        }
        complete(pending, decision);
    }

    private static void complete(PendingOrder pending, Decision decision) {
        switch (decision) {
            case Accepted a -> pending.answer.complete(new OrderPlacement.Placed(a.order, false));
            case Replayed r -> pending.answer.complete(new OrderPlacement.Placed(r.order, true));
            case Refused r -> pending.answer.completeExceptionally(r.why);
            case SameKeyAs s -> throw new IllegalStateException("unresolved retry");
        }
    }

    private sealed interface Decision permits Accepted, Replayed, Refused, SameKeyAs {
    }

    private record Accepted(Order order) implements Decision {
    }

    private record Replayed(Order order) implements Decision {
    }

    private record Refused(RuntimeException why) implements Decision {
    }

    private record SameKeyAs(PendingOrder first) implements Decision {
    }
}
