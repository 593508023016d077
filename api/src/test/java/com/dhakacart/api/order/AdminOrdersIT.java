package com.dhakacart.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.AdminTestSupport;
import com.dhakacart.api.staff.Role;
import tools.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The back office's orders: the lifecycle, cancelling with restock, the bulk cancel of stale orders, lists. */
@TestPropertySource(properties = {"dhakacart.ratelimit.orders-per-phone-per-hour=1000",
        "dhakacart.ratelimit.orders-per-client-per-minute=1000"})
class AdminOrdersIT extends AdminTestSupport {

    private static final String HANDLER = "order_handler@staff.example";

    @Test
    void anOrderHandlerMovesAnOrderFromPendingToDeliveredAndEveryStepIsRecorded() {
        long product = newProduct("Walton Fan", "3200.00", 10);
        String id = place("{\"product_id\":" + product + ",\"quantity\":2}");
        String token = token(Role.ORDER_HANDLER);

        assertThat(move(id, "shipped", null, token).status()).isEqualTo(409); // no skipping
        for (String status : List.of("confirmed", "packed", "shipped", "delivered")) {
            Answer moved = move(id, status, null, token);
            assertThat(moved.status()).as(status + ": " + moved.raw().body()).isEqualTo(200);
            assertThat(moved.json().at("/data/status").asText()).isEqualTo(status);
        }
        Answer back = move(id, "cancelled", "changed mind", token);
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().get("detail").asText()).contains("delivered").contains("final");
        assertThat(stock(product)).isEqualTo(8);

        JsonNode detail = admin("GET", "/api/admin/orders/" + id, null, token(Role.SUPPORT)).json().get("data");
        assertThat(detail.get("customer_phone").asText()).isEqualTo("01712345678"); // unmasked for staff
        assertThat(detail.get("customer_name").asText()).isEqualTo("Rahim Uddin");
        List<String> history = new ArrayList<>();
        detail.get("status_history").forEach(h -> history.add(h.get("status").asText() + " by " + h.path("by").asText("shop")));
        assertThat(history).containsExactly("pending by shop", "confirmed by " + HANDLER, "packed by " + HANDLER,
                "shipped by " + HANDLER, "delivered by " + HANDLER);

        JsonNode audit = admin("GET", "/api/admin/audit?target_type=order&target_id=" + id, null, token).json().get("data");
        assertThat(audit).hasSize(4);
        audit.forEach(entry -> {
            assertThat(entry.get("action").asText()).isEqualTo("order.status");
            assertThat(entry.get("staff_email").asText()).isEqualTo(HANDLER);
        });
        assertThat(audit.get(0).at("/after/status").asText()).isEqualTo("delivered");
        assertThat(audit.get(0).at("/before/status").asText()).isEqualTo("shipped");
    }

    @Test
    void cancellingNeedsAReasonAndPutsEveryItemBackExactly() {
        long rice = newProduct("Chinigura Rice 2 kg", "330.00", 20);
        long oil = newProduct("Teer Oil 2 L", "390.00", 20);
        String id = place("{\"product_id\":" + rice + ",\"quantity\":3},{\"product_id\":" + oil + ",\"quantity\":2}");
        assertThat(stock(rice)).isEqualTo(17);
        assertThat(stock(oil)).isEqualTo(18);
        String token = token(Role.OWNER);
        assertThat(move(id, "confirmed", null, token).status()).isEqualTo(200);
        assertThat(move(id, "packed", null, token).status()).isEqualTo(200);

        assertThat(move(id, "cancelled", null, token).status()).isEqualTo(422);
        assertThat(stock(rice)).isEqualTo(17);
        Answer cancelled = move(id, "cancelled", "customer unreachable", token);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(stock(rice)).isEqualTo(20);
        assertThat(stock(oil)).isEqualTo(20);
        assertThat(move(id, "cancelled", "again", token).status()).isEqualTo(409);
        assertThat(stock(rice)).isEqualTo(20);

        String shipped = place("{\"product_id\":" + rice + ",\"quantity\":1}");
        for (String status : List.of("confirmed", "packed", "shipped")) {
            move(shipped, status, null, token);
        }
        Answer late = move(shipped, "cancelled", "too late", token);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("allowed").toString()).isEqualTo("[\"delivered\"]");
        assertThat(stock(rice)).isEqualTo(19);
    }

    @Test
    void cancelStaleCancelsOnlyOldUnconfirmedCashOnDeliveryOrdersAndRestocksThem() {
        long product = newProduct("Fresh Milk 1 L", "95.00", 50);
        String oldOne = place("{\"product_id\":" + product + ",\"quantity\":4}");
        String oldTwo = place("{\"product_id\":" + product + ",\"quantity\":1}");
        String oldConfirmed = place("{\"product_id\":" + product + ",\"quantity\":2}");
        String fresh = place("{\"product_id\":" + product + ",\"quantity\":3}");
        move(oldConfirmed, "confirmed", null, token(Role.ORDER_HANDLER));
        jdbc.sql("UPDATE orders SET created_at = now() - interval '2 days' WHERE id IN (?, ?, ?)")
                .params(oldOne, oldTwo, oldConfirmed).update();
        assertThat(stock(product)).isEqualTo(40);

        Answer dry = admin("POST", "/api/admin/orders/cancel-stale", "{\"older_than_minutes\":1440,\"dry_run\":true}",
                token(Role.ORDER_HANDLER));
        assertThat(dry.status()).isEqualTo(200);
        assertThat(ids(dry.json().at("/data/cancelled"))).containsExactlyInAnyOrder(oldOne, oldTwo);
        assertThat(dry.json().at("/data/restocked_units").asLong()).isEqualTo(5);
        assertThat(stock(product)).isEqualTo(40);
        assertThat(status(oldOne)).isEqualTo("pending");

        Answer real = admin("POST", "/api/admin/orders/cancel-stale", "{\"older_than_minutes\":1440,\"dry_run\":false}",
                token(Role.ORDER_HANDLER));
        assertThat(real.status()).isEqualTo(200);
        assertThat(ids(real.json().at("/data/cancelled"))).containsExactlyInAnyOrder(oldOne, oldTwo);
        assertThat(real.json().at("/data/dry_run").asBoolean()).isFalse();
        assertThat(stock(product)).isEqualTo(45);
        assertThat(status(oldOne)).isEqualTo("cancelled");
        assertThat(status(oldTwo)).isEqualTo("cancelled");
        assertThat(status(oldConfirmed)).isEqualTo("confirmed");
        assertThat(status(fresh)).isEqualTo("pending");
        assertThat(auditEntries("order.cancel_stale", HANDLER)).isEqualTo(2);
    }

    @Test
    void listsFilterByStatusAndPhoneInAnyFormAndShowACustomersOrders() {
        long product = newProduct("Mango Juice", "40.00", 100);
        String first = place("{\"product_id\":" + product + ",\"quantity\":1}");
        String second = place("{\"product_id\":" + product + ",\"quantity\":2}");
        move(second, "confirmed", null, token(Role.ORDER_HANDLER));
        String token = token(Role.SUPPORT);

        Answer confirmed = admin("GET", "/api/admin/orders?status=confirmed", null, token);
        assertThat(ids(confirmed.json().get("data"))).contains(second).doesNotContain(first);
        Answer byPhone = admin("GET", "/api/admin/orders?phone=%2B8801712345678&size=100", null, token);
        assertThat(ids(byPhone.json().get("data"))).contains(first, second);
        JsonNode line = byPhone.json().get("data").get(0);
        for (String field : List.of("id", "status", "customer_name", "customer_phone", "total_amount", "payment_method",
                "created_at", "item_count")) {
            assertThat(line.has(field)).as(field).isTrue();
        }
        assertThat(byPhone.json().at("/page/total_elements").asLong()).isGreaterThanOrEqualTo(2);
        Answer customer = admin("GET", "/api/admin/customers/01712-345678/orders?size=100", null, token);
        assertThat(ids(customer.json().get("data"))).contains(first, second);
        assertThat(admin("GET", "/api/admin/orders?phone=01812345678", null, token).json().get("data")).isEmpty();
        assertThat(admin("GET", "/api/admin/orders?status=lost", null, token).status()).isEqualTo(400);
        assertThat(admin("GET", "/api/admin/orders?from=2026-13-01", null, token).status()).isEqualTo(400);
        assertThat(admin("GET", "/api/admin/orders?from=2000-01-01&to=2000-01-31", null, token).json().get("data")).isEmpty();
    }

    private String place(String lines) {
        Answer placed = post("/api/orders", order(lines));
        assertThat(placed.status()).as(placed.raw().body()).isEqualTo(201);
        return placed.json().at("/order/id").asText();
    }

    private Answer move(String id, String status, String reason, String token) {
        String body = reason == null ? "{\"status\":\"" + status + "\"}"
                : "{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}";
        return admin("POST", "/api/admin/orders/" + id + "/status", body, token);
    }

    private String status(String id) {
        return jdbc.sql("SELECT status FROM orders WHERE id = ?").param(id).query(String.class).single();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.isTextual() ? n.asText() : n.get("id").asText()));
        return ids;
    }
}
