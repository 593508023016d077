package com.dhakacart.storefront.browser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One real shop for every back-office test in this JVM (the API jar on a fresh database, the storefront
 * here, loopback as the API's trusted proxy so the storefront's X-Forwarded-For counts), with one staff
 * account per role. The owner is made with the API jar's {@code staff add} command, as the runbook does;
 * the others by that owner through {@code POST /api/admin/staff}; each changes its one-time password through
 * {@code POST /api/admin/me/password}, so every account is ready to log in with a known password.
 * Emails carry a per-run suffix: the log-in limits live in the shared Redis for 15 minutes.
 */
final class BackOfficeShop {

    static final List<String> ROLES = List.of("owner", "catalog_manager", "order_handler", "support");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BackOfficeShop instance;

    final RealShop shop;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    /** Role → email; every account's password is {@link #password(String)}. */
    final Map<String, String> emails = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private BackOfficeShop(RealShop shop) {
        this.shop = shop;
    }

    static synchronized BackOfficeShop get() throws IOException, InterruptedException {
        if (instance == null) {
            RealShop shop = RealShop.start(BackOfficeShop.class, Map.of("DHAKACART_TRUSTED_PROXIES", "127.0.0.1,::1"));
            BackOfficeShop started = new BackOfficeShop(shop);
            Runtime.getRuntime().addShutdownHook(new Thread(shop::close));
            started.createStaff();
            instance = started;
        }
        return instance;
    }

    String password(String role) {
        return "long enough " + role + " " + run;
    }

    private void createStaff() throws IOException, InterruptedException {
        String owner = "owner-" + run + "@example.com";
        String ownerOtp = shop.addStaffFromCommandLine(owner, "Owner " + run, "owner");
        String ownerToken = firstLogIn(owner, ownerOtp, password("owner"));
        emails.put("owner", owner);
        for (String role : ROLES.subList(1, ROLES.size())) {
            String email = role.replace('_', '-') + "-" + run + "@example.com";
            HttpResponse<String> created = api("POST", "/api/admin/staff", ownerToken,
                    Map.of("email", email, "name", "Staff " + role, "role", role));
            require(created, 201);
            firstLogIn(email, JSON.readTree(created.body()).path("data").path("one_time_password").asText(), password(role));
            emails.put(role, email);
        }
    }

    /** A further account made by the owner through the API; its one-time password (not yet changed). */
    String createStaff(String email, String role) throws IOException, InterruptedException {
        HttpResponse<String> created = api("POST", "/api/admin/staff", tokenOf("owner"),
                Map.of("email", email, "name", "Staff " + role, "role", role));
        require(created, 201);
        return JSON.readTree(created.body()).path("data").path("one_time_password").asText();
    }

    /** Logs in with the one-time password, sets the real one; the token, for setting up through the API. */
    private String firstLogIn(String email, String oneTimePassword, String password) throws IOException, InterruptedException {
        String token = logIn(email, oneTimePassword);
        require(api("POST", "/api/admin/me/password", token,
                Map.of("current_password", oneTimePassword, "new_password", password)), 204);
        return logIn(email, password);
    }

    String logIn(String email, String password) throws IOException, InterruptedException {
        HttpResponse<String> session = api("POST", "/api/admin/session", null, Map.of("email", email, "password", password));
        require(session, 200);
        return JSON.readTree(session.body()).path("data").path("token").asText();
    }

    String tokenOf(String role) throws IOException, InterruptedException {
        return logIn(emails.get(role), password(role));
    }

    HttpResponse<String> api(String method, String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(shop.apiUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A cash-on-delivery order placed straight at the public API, at {@code price}; the answer as it came. */
    HttpResponse<String> placeOrder(long productId, int quantity, BigDecimal price, String phone)
            throws IOException, InterruptedException {
        String body = """
                {"customer_name":"Back Office Buyer","customer_email":"buyer@example.com","customer_phone":"%s",
                 "delivery_address":"House 1, Road 2, Mirpur, Dhaka","total_amount":%s,
                 "items":[{"product_id":%d,"quantity":%d,"price":%s}],"payment_method":"cod"}"""
                .formatted(phone, price.multiply(BigDecimal.valueOf(quantity)).toPlainString(), productId, quantity,
                        price.toPlainString());
        return http.send(HttpRequest.newBuilder(URI.create(shop.apiUrl() + "/api/orders"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-Client-Token", "backoffice-test-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Places an order that must be accepted; its number. */
    String order(long productId, int quantity, String phone) throws IOException, InterruptedException, SQLException {
        HttpResponse<String> placed = placeOrder(productId, quantity, decimal("SELECT price FROM products WHERE id = ?", productId), phone);
        require(placed, 201);
        JsonNode root = JSON.readTree(placed.body());
        JsonNode order = root.has("order") ? root.get("order") : root.path("data");
        return order.path("id").asText();
    }

    BigDecimal decimal(String sql, Object... parameters) throws SQLException {
        try (Connection db = shop.database(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no row for " + sql);
                }
                return row.getBigDecimal(1);
            }
        }
    }

    String text(String sql, Object... parameters) throws SQLException {
        try (Connection db = shop.database(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no row for " + sql);
                }
                return row.getString(1);
            }
        }
    }

    private static void require(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(answer.request().method() + " " + answer.request().uri().getPath()
                    + " answered " + answer.statusCode() + ", not " + status + ": " + answer.body());
        }
    }
}
