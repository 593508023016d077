package com.dhakacart.api.order.web;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.order.Order;
import com.dhakacart.api.order.OrderLifecycle;
import com.dhakacart.api.web.Fields;
import com.dhakacart.api.web.NotFound;
import com.dhakacart.api.web.Paged;
import com.dhakacart.kernel.PhoneNumber;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The back office's orders: lists filtered by status, date and phone, one order in full (unmasked: staff
 * serve the customer), status moves and the bulk cancel of stale cash-on-delivery orders.
 */
@RestController
class OrderAdminController {

    /** Dates in filters are the shop's calendar days, in Dhaka. */
    static final ZoneId SHOP_ZONE = ZoneId.of("Asia/Dhaka");

    private final OrderLifecycle lifecycle;

    OrderAdminController(OrderLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    record StatusBody(String status, String reason) {
    }

    record CancelStaleBody(Integer olderThanMinutes, Boolean dryRun) {
    }

    /** An order as staff see it: every field, unmasked, with its history. */
    record AdminOrderView(String id, String status, String customerName, String customerEmail, String customerPhone,
                          String customerPhoneE164, String deliveryAddress, java.math.BigDecimal totalAmount,
                          String paymentMethod, List<OrderView.ItemView> items, OffsetDateTime createdAt,
                          List<OrderLifecycle.StatusChange> statusHistory) {

        static AdminOrderView of(OrderLifecycle.Detail detail) {
            OrderView full = OrderView.of(detail.order(), false);
            return new AdminOrderView(full.id(), full.status(), full.customerName(), full.customerEmail(),
                    full.customerPhone(), full.customerPhoneE164(), full.deliveryAddress(), full.totalAmount(),
                    full.paymentMethod(), full.items(), full.createdAt(), detail.history());
        }
    }

    @GetMapping("/api/admin/orders")
    Map<String, Object> list(@RequestParam(required = false) String status, @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to, @RequestParam(required = false) String phone,
                             @RequestParam(required = false) String page, @RequestParam(required = false) String size) {
        Order.Status wanted = status == null || status.isBlank() ? null : Order.Status.parse(status.strip())
                .orElseThrow(() -> new com.dhakacart.api.web.BadRequest(
                        "status must be one of pending, confirmed, packed, shipped, delivered, cancelled"));
        OffsetDateTime since = date("from", from);
        OffsetDateTime until = date("to", to);
        if (until != null) {
            until = until.plusDays(1); // "to" is the last day included
        }
        return page(new OrderLifecycle.Filter(wanted, since, until, phone == null || phone.isBlank() ? null
                : phone("phone", phone)), page, size);
    }

    @GetMapping("/api/admin/customers/{phone}/orders")
    Map<String, Object> ofCustomer(@PathVariable String phone, @RequestParam(required = false) String page,
                                   @RequestParam(required = false) String size) {
        return page(new OrderLifecycle.Filter(null, null, null, phone("phone", phone)), page, size);
    }

    @GetMapping("/api/admin/orders/{id}")
    Map<String, Object> one(@PathVariable String id) {
        if (id.length() > 40) {
            throw new NotFound("Order not found");
        }
        return Map.of("data", AdminOrderView.of(lifecycle.detail(id).orElseThrow(() -> new NotFound("Order not found"))));
    }

    @PostMapping("/api/admin/orders/{id}/status")
    Map<String, Object> move(@PathVariable String id, @RequestBody StatusBody body, Actor actor) {
        if (id.length() > 40) {
            throw new NotFound("Order not found");
        }
        Order.Status next = Order.Status.parse(body.status() == null ? "" : body.status().strip()).orElseThrow(() ->
                Fields.invalid("status", "must be one of confirmed, packed, shipped, delivered, cancelled"));
        String reason = Fields.text("reason", body.reason(), 1, 500, false);
        return Map.of("data", AdminOrderView.of(lifecycle.move(actor, id, next, reason)));
    }

    @PostMapping("/api/admin/orders/cancel-stale")
    Map<String, Object> cancelStale(@RequestBody CancelStaleBody body, Actor actor) {
        if (body.olderThanMinutes() == null || body.olderThanMinutes() < 1 || body.olderThanMinutes() > 525_600) {
            throw Fields.invalid("older_than_minutes", "must be a whole number of minutes from 1 to 525600");
        }
        boolean dryRun = body.dryRun() == null || body.dryRun(); // a bulk cancel is a dry run unless asked not to be
        return Map.of("data", lifecycle.cancelStale(actor, body.olderThanMinutes(), dryRun));
    }

    private Map<String, Object> page(OrderLifecycle.Filter filter, String page, String size) {
        int number = Paged.page(page);
        int perPage = Paged.size(size);
        return Paged.of(lifecycle.list(filter, number, perPage), number, perPage, lifecycle.count(filter));
    }

    private static OffsetDateTime date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).atStartOfDay(SHOP_ZONE).toOffsetDateTime();
        } catch (java.time.DateTimeException e) {
            throw new com.dhakacart.api.web.BadRequest(name + " must be a date such as 2026-11-30");
        }
    }

    private static PhoneNumber phone(String name, String value) {
        if (value.length() > 40) {
            throw new com.dhakacart.api.web.BadRequest(name + " must be a phone number such as 01712345678");
        }
        return PhoneNumber.parse(value).orElseThrow(() ->
                new com.dhakacart.api.web.BadRequest(name + " must be a phone number such as 01712345678"));
    }
}
