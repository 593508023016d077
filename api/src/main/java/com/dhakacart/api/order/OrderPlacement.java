package com.dhakacart.api.order;

import com.dhakacart.api.catalog.CatalogCache;
import com.dhakacart.api.catalog.Product;
import com.dhakacart.api.catalog.Products;
import com.dhakacart.api.order.OrderRejected.Reason;
import com.dhakacart.api.order.payment.PaymentProvider;
import com.dhakacart.api.order.payment.PaymentProviders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders: prices every line from the database, refuses disagreements, and takes stock in the same
 * transaction as the order rows, so an order exists exactly when its stock was taken and stock can
 * never go below zero however many buyers race for the last unit.
 */
@Service
public class OrderPlacement {

    private final Products products;
    private final Orders orders;
    private final PaymentProviders payments;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final CatalogCache catalogCache;
    private final Counter placed;
    private final Counter revenue;

    OrderPlacement(Products products, Orders orders, PaymentProviders payments, JdbcClient jdbc,
                   TransactionTemplate transaction, CatalogCache catalogCache, MeterRegistry metrics) {
        this.products = products;
        this.orders = orders;
        this.payments = payments;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.catalogCache = catalogCache;
        this.placed = Counter.builder("dhakacart.orders.placed").description("Orders placed").register(metrics);
        this.revenue = Counter.builder("dhakacart.revenue.bdt").description("Value of orders placed, in BDT")
                .baseUnit("bdt").register(metrics);
    }

    /** The outcome of placing: the order, and whether it was an earlier order returned for a retry. */
    public record Placed(Order order, boolean replayed) {
    }

    public Placed place(OrderRequest request) {
        PaymentProvider payment = payments.forMethod(request.paymentMethod()).orElseThrow(() ->
                new OrderRejected(Reason.INVALID, "Unknown payment_method '" + request.paymentMethod()
                        + "'; supported: " + payments.methods())
                        .with("errors", List.of(Map.of("field", "payment_method",
                                "message", "must be one of " + payments.methods()))));
        String fingerprint = request.fingerprint();
        if (request.idempotencyKey() != null) {
            var earlier = orders.byIdempotencyKey(request.idempotencyKey());
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint);
            }
        }
        Order order;
        try {
            order = transaction.execute(status -> placeInTransaction(request, payment, fingerprint));
        } catch (DuplicateKeyException raced) {
            // Two requests with the same Idempotency-Key at once: the other committed first; answer with it.
            return orders.byIdempotencyKey(request.idempotencyKey()).map(k -> replay(k, fingerprint))
                    .orElseThrow(() -> raced);
        }
        catalogCache.invalidateAll(); // our own write is visible at once, before NOTIFY arrives
        placed.increment();
        revenue.increment(order.totalAmount().doubleValue()); // metrics only; money stays BigDecimal
        return new Placed(order, false);
    }

    public java.util.Optional<Order> find(String id) {
        return orders.byId(id);
    }

    private Placed replay(Orders.Keyed earlier, String fingerprint) {
        if (!earlier.fingerprint().equals(fingerprint)) {
            throw new OrderRejected(Reason.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used for a different order");
        }
        return new Placed(earlier.order(), true);
    }

    private Order placeInTransaction(OrderRequest request, PaymentProvider payment, String fingerprint) {
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        Map<Long, BigDecimal> claimed = new LinkedHashMap<>();
        for (OrderRequest.Line line : request.lines()) {
            quantities.merge(line.productId(), line.quantity(), Integer::sum);
            if (line.claimedPrice() != null) {
                claimed.put(line.productId(), line.claimedPrice());
            }
        }
        Map<Long, Product> current = products.byIds(quantities.keySet()).stream()
                .collect(Collectors.toMap(Product::id, Function.identity()));
        for (Long id : quantities.keySet()) {
            if (!current.containsKey(id)) {
                throw new OrderRejected(Reason.UNKNOWN_PRODUCT, "Product " + id + " not found").with("product_id", id);
            }
        }
        List<Order.Item> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (var entry : quantities.entrySet()) {
            Product product = current.get(entry.getKey());
            if (product.stock() < entry.getValue()) {
                // Sold out already: answer at once instead of queueing for the row lock. The UPDATE
                // below stays the real guard for stock that runs out while we work.
                throw outOfStock(product, entry.getValue());
            }
            items.add(new Order.Item(product.id(), product.name(), entry.getValue(), product.price()));
            total = total.add(product.price().multiply(BigDecimal.valueOf(entry.getValue())));
        }
        refuseDisagreement(request, claimed, current, total);

        String id = OrderNumbers.newOrderId();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Order order = new Order(id, OrderNumbers.newAccessToken(), "pending", request.customerName(),
                request.customerEmail(), request.customerPhone(), request.deliveryAddress(), total,
                request.paymentMethod(), items, now);
        orders.add(order, request.idempotencyKey(), fingerprint, payment.begin(id, total));
        // Stock last: the row lock on a popular product is held only from here to commit. Lines in id
        // order so two multi-product orders can never deadlock. The price check inside the UPDATE makes
        // "the price we charged" and "the stock we took" the same snapshot.
        items.sort(Comparator.comparingLong(Order.Item::productId));
        for (Order.Item item : items) {
            int taken = jdbc.sql("""
                    UPDATE products SET stock = stock - :qty, updated_at = now()
                    WHERE id = :id AND stock >= :qty AND price = :price""")
                    .param("qty", item.quantity()).param("id", item.productId()).param("price", item.price())
                    .update();
            if (taken == 0) {
                throw whyNotTaken(item);
            }
        }
        return order;
    }

    private void refuseDisagreement(OrderRequest request, Map<Long, BigDecimal> claimed,
                                    Map<Long, Product> current, BigDecimal total) {
        boolean linesDisagree = claimed.entrySet().stream()
                .anyMatch(e -> e.getValue().compareTo(current.get(e.getKey()).price()) != 0);
        boolean totalDisagrees = request.claimedTotal() != null && request.claimedTotal().compareTo(total) != 0;
        if (linesDisagree || totalDisagrees) {
            List<Map<String, Object>> prices = current.values().stream()
                    .sorted(Comparator.comparingLong(Product::id))
                    .map(p -> Map.<String, Object>of("product_id", p.id(), "name", p.name(), "price", p.price()))
                    .toList();
            throw new OrderRejected(Reason.PRICE_CHANGED,
                    "Prices have changed; please review the current prices and total")
                    .with("current_prices", prices).with("total_amount", total);
        }
    }

    private OrderRejected whyNotTaken(Order.Item item) {
        Product now = products.byId(item.productId()).orElseThrow();
        if (now.price().compareTo(item.price()) != 0) {
            return new OrderRejected(Reason.PRICE_CHANGED, "The price of " + now.name() + " has just changed")
                    .with("current_prices", List.of(Map.of("product_id", now.id(), "name", now.name(),
                            "price", now.price())));
        }
        return outOfStock(now, item.quantity());
    }

    private static OrderRejected outOfStock(Product product, int requested) {
        return new OrderRejected(Reason.OUT_OF_STOCK, "Not enough stock for " + product.name()
                + ": " + product.stock() + " left, " + requested + " requested")
                .with("product_id", product.id()).with("product_name", product.name())
                .with("available", product.stock());
    }
}
