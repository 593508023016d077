package com.dhakacart.api.order;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.audit.AuditLog;
import com.dhakacart.api.catalog.Products;
import com.dhakacart.api.order.OrderRejected.Reason;
import com.dhakacart.kernel.PhoneNumber;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The back office's view and moves of orders: lists, details with their status history, and the lifecycle
 * {@code pending → confirmed → packed → shipped → delivered} or {@code cancelled} (from pending, confirmed
 * or packed), where cancelling puts every item back on the shelf in the same transaction. Each move locks
 * the order's row, writes its history line and its audit entry, and commits once.
 */
@Service
public class OrderLifecycle {

    /** At most this many orders are cancelled by one cancel-stale call; the caller repeats for more. */
    public static final int STALE_BATCH = 500;

    private final Orders orders;
    private final Products products;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    OrderLifecycle(Orders orders, Products products, AuditLog audit, TransactionTemplate transaction) {
        this.orders = orders;
        this.products = products;
        this.audit = audit;
        this.transaction = transaction;
    }

    /** Which orders to list; any part may be null. {@code until} is exclusive. */
    public record Filter(Order.Status status, OffsetDateTime from, OffsetDateTime until, PhoneNumber phone) {
    }

    /** One line of an order list. */
    public record Summary(String id, String status, String customerName, String customerPhone,
                          String customerPhoneE164, BigDecimal totalAmount, String paymentMethod,
                          OffsetDateTime createdAt, long itemCount) {
    }

    /** One status an order took: when, and by whom (null: the shop itself, when it was placed). */
    public record StatusChange(String status, OffsetDateTime at, String by) {
    }

    /** An order with its history, oldest first, starting with its placing. */
    public record Detail(Order order, List<StatusChange> history) {
    }

    /** What a cancel-stale did (or, on a dry run, would do). */
    public record StaleCancelled(List<String> cancelled, long restockedUnits, boolean dryRun) {
    }

    public List<Summary> list(Filter filter, int page, int size) {
        return orders.search(filter, page, size);
    }

    public long count(Filter filter) {
        return orders.count(filter);
    }

    public Optional<Detail> detail(String id) {
        return orders.byId(id).map(this::withHistory);
    }

    /**
     * Moves the order to {@code next}; a cancel needs a reason and restocks every line. Refused (409, with the
     * statuses allowed next) when the lifecycle does not allow the move.
     */
    public Detail move(Actor actor, String id, Order.Status next, String reason) {
        return transaction.execute(status -> {
            Order order = orders.lock(id).orElseThrow(() -> new OrderRejected(Reason.UNKNOWN_ORDER, "Order " + id + " not found"));
            if (!order.status().next().contains(next)) {
                List<String> allowed = order.status().next().stream().sorted().map(Order.Status::wire).toList();
                throw new OrderRejected(Reason.ILLEGAL_STATUS_CHANGE, "Order " + id + " is " + order.status().wire()
                        + " and cannot become " + next.wire() + (allowed.isEmpty() ? "; it is final"
                        : "; allowed next: " + String.join(", ", allowed)))
                        .with("status", order.status().wire()).with("allowed", allowed);
            }
            if (next == Order.Status.CANCELLED && (reason == null || reason.isBlank())) {
                throw new OrderRejected(Reason.INVALID, "Validation failed")
                        .with("errors", List.of(Map.of("field", "reason", "message", "is required to cancel")));
            }
            Order moved = order.becoming(next);
            orders.setStatus(id, next, actor.email());
            Map<String, Object> after = new java.util.LinkedHashMap<>();
            after.put("status", next.wire());
            if (next == Order.Status.CANCELLED) {
                after.put("restocked", restock(List.of(order)));
            }
            audit.record(actor, "order.status", "order", id, Map.of("status", order.status().wire()), after, reason);
            return withHistory(moved);
        });
    }

    /**
     * Cancels unconfirmed cash-on-delivery orders older than {@code olderThanMinutes}, restocking them,
     * with one audit entry per order; on a dry run only says which it would cancel.
     */
    public StaleCancelled cancelStale(Actor actor, int olderThanMinutes, boolean dryRun) {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(olderThanMinutes);
        if (dryRun) {
            List<String> ids = orders.stalePending(before, STALE_BATCH, false);
            long units = ids.stream().map(orders::byId).flatMap(Optional::stream)
                    .flatMap(o -> o.items().stream()).mapToLong(Order.Item::quantity).sum();
            return new StaleCancelled(ids, units, true);
        }
        return transaction.execute(status -> {
            // SKIP LOCKED: an order a staff member is moving right now is left to them.
            List<String> ids = orders.stalePending(before, STALE_BATCH, true);
            List<Order> cancelled = new ArrayList<>();
            for (String id : ids) {
                Order order = orders.byId(id).orElseThrow();
                orders.setStatus(id, Order.Status.CANCELLED, actor.email());
                cancelled.add(order);
            }
            long units = cancelled.stream().flatMap(o -> o.items().stream()).mapToLong(Order.Item::quantity).sum();
            restock(cancelled);
            String reason = "unconfirmed cash-on-delivery order older than " + olderThanMinutes + " minutes";
            for (Order order : cancelled) {
                audit.record(actor, "order.cancel_stale", "order", order.id(), Map.of("status", "pending"),
                        Map.of("status", "cancelled", "restocked", quantities(List.of(order))), reason);
            }
            return new StaleCancelled(ids, units, false);
        });
    }

    /** Puts the orders' quantities back, merged per product; the quantities (by product id) for the audit log. */
    private Map<String, Integer> restock(List<Order> cancelled) {
        Map<Long, Integer> merged = new TreeMap<>();
        cancelled.forEach(o -> o.items().forEach(i -> merged.merge(i.productId(), i.quantity(), Integer::sum)));
        products.putBack(merged);
        return quantities(cancelled);
    }

    private static Map<String, Integer> quantities(List<Order> orders) {
        Map<String, Integer> out = new TreeMap<>();
        orders.forEach(o -> o.items().forEach(i -> out.merge(String.valueOf(i.productId()), i.quantity(), Integer::sum)));
        return out;
    }

    private Detail withHistory(Order order) {
        List<StatusChange> history = new ArrayList<>();
        history.add(new StatusChange(Order.Status.PENDING.wire(), order.createdAt(), null));
        history.addAll(orders.history(order.id()));
        return new Detail(order, history);
    }
}
