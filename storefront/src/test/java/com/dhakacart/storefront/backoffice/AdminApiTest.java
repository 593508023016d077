package com.dhakacart.storefront.backoffice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dhakacart.storefront.shopapi.ApiUnavailable;
import com.dhakacart.storefront.shopapi.ShopApiSettings;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API client's reading of answers, against a tiny local HTTP stub that replays the contract's
 * shapes (ADMIN-API.md). Only the client's parsing and mapping is shown here; the real API is in
 * BackOfficeBrowserIT and BackOfficePagesIT.
 */
class AdminApiTest {

    private HttpServer stub;
    private final AtomicReference<Answer> next = new AtomicReference<>();
    private final List<String> seen = new ArrayList<>();
    private final List<String> contentTypes = new ArrayList<>();
    private AdminApi api;

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            synchronized (seen) {
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                        + exchange.getRequestHeaders().getFirst("Authorization"));
                contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            }
            Answer answer = next.get();
            byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    answer.status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(answer.status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        stub.start();
        api = new AdminApi(new ShopApiSettings(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                Duration.ofSeconds(1), Duration.ofSeconds(2)));
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    @Test
    void aLogInKeepsTheTokenAndRoleAndSendsItAsBearerOnTheNextCall() {
        next.set(new Answer(200, """
                {"data":{"token":"tok-123","expires_at":"2026-11-27T20:00:00Z","staff":{"id":4,"email":"h@example.com",
                "name":"Hasan","role":"order_handler","must_change_password":true}}}"""));
        StaffSession staff = api.logIn("h@example.com", "secret");
        assertThat(seen.getLast()).isEqualTo("POST /api/admin/session auth=null");
        assertThat(contentTypes.getLast()).isEqualTo("application/json");
        assertThat(staff.token()).isEqualTo("tok-123");
        assertThat(staff.staffRole()).isEqualTo(StaffRole.ORDER_HANDLER);
        assertThat(staff.mustChangePassword()).isTrue();
        assertThat(staff.toString()).doesNotContain("tok-123");

        next.set(new Answer(200, """
                {"data":[{"id":"DC-1","status":"pending","customer_name":"R","customer_phone":"+8801712345678",
                "total_amount":"1250.50","payment_method":"cod","created_at":"2026-11-27T18:40:00Z","item_count":2}],
                "page":{"number":1,"size":50,"total_elements":1,"total_pages":1}}"""));
        Listing<OrderSummary> orders = api.orders(staff, new OrderFilter("pending", null, null, "01712345678", 1));
        assertThat(orders.data()).singleElement().satisfies(o -> {
            assertThat(o.totalAmount()).isEqualByComparingTo(new BigDecimal("1250.50"));
            assertThat(o.itemCount()).isEqualTo(2);
        });
        assertThat(seen.getLast()).isEqualTo(
                "GET /api/admin/orders?status=pending&phone=01712345678&page=1&size=50 auth=Bearer tok-123");
    }

    @Test
    void aWrongPasswordAndALockoutAreTheOnlyTwoLogInRefusals() {
        next.set(new Answer(401, "{\"title\":\"Wrong email or password\",\"status\":401}"));
        assertThatThrownBy(() -> api.logIn("x@example.com", "bad"))
                .isInstanceOfSatisfying(LoginRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(LoginRefused.Reason.WRONG_CREDENTIALS));
        next.set(new Answer(429, "{\"title\":\"Too many failed log-ins; try again later\",\"status\":429}"));
        assertThatThrownBy(() -> api.logIn("x@example.com", "bad"))
                .isInstanceOfSatisfying(LoginRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(LoginRefused.Reason.LOCKED_OUT));
    }

    @Test
    void refusalsBecomeSignedOutForbiddenOrTheProblemsOwnWords() {
        StaffSession staff = new StaffSession("t", null, 1, "a@example.com", "A", "support", false);
        next.set(new Answer(401, "{\"title\":\"Unauthorized\",\"status\":401}"));
        assertThatThrownBy(() -> api.audit(staff, null, null, 1)).isInstanceOf(StaffSignedOut.class);
        next.set(new Answer(403, "{\"title\":\"Change your one-time password first\",\"status\":403}"));
        assertThatThrownBy(() -> api.audit(staff, null, null, 1))
                .isInstanceOfSatisfying(StaffForbidden.class, e -> assertThat(e.passwordChangeDue()).isTrue());
        next.set(new Answer(403, "{\"title\":\"Forbidden\",\"status\":403}"));
        assertThatThrownBy(() -> api.moveOrder(staff, "DC-1", "confirmed", null))
                .isInstanceOfSatisfying(StaffForbidden.class, e -> assertThat(e.passwordChangeDue()).isFalse());
        next.set(new Answer(409, "{\"title\":\"Not allowed\",\"detail\":\"From delivered nothing is allowed\",\"status\":409}"));
        assertThatThrownBy(() -> api.moveOrder(staff, "DC-1", "confirmed", null))
                .isInstanceOfSatisfying(AdminApiRefused.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.message()).isEqualTo("Not allowed: From delivered nothing is allowed");
                });
        next.set(new Answer(503, ""));
        assertThatThrownBy(() -> api.audit(staff, null, null, 1)).isInstanceOf(ApiUnavailable.class);
    }

    @Test
    void anOrderWithoutNextStatusesFallsBackToTheContractsLifecycle() {
        StaffSession staff = new StaffSession("t", null, 1, "a@example.com", "A", "order_handler", false);
        next.set(new Answer(200, """
                {"data":{"id":"DC-9","status":"packed","total_amount":100,"items":[{"product_id":1,"product_name":"Rice",
                "quantity":2,"price":"50.00"}],"status_history":[{"status":"pending","at":"2026-11-27T18:40:00Z","by":null}]}}"""));
        AdminOrder order = api.order(staff, "DC-9");
        assertThat(order.allowedNext()).containsExactly("shipped", "cancelled");
        assertThat(order.statusHistory()).singleElement().extracting(AdminOrder.StatusChange::status).isEqualTo("pending");
    }
}
