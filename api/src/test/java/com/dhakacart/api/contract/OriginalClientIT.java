package com.dhakacart.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The original DhakaCart React frontend, unchanged, against this API: what it sends and what it must be
 * able to read. Cross-origin access here at the HTTP level; StorefrontBrowserIT does it in Chromium.
 */
@TestPropertySource(properties = "dhakacart.cors.origins=http://shop.example:3000, https://dhakacart.example/")
class OriginalClientIT extends ApiTestSupport {

    private static final String FRONTEND = "http://shop.example:3000";

    @Test
    void aPreflightFromAListedOriginAllowsTheOrderPostWithEveryHeaderTheClientsSend() {
        Answer preflight = preflight(FRONTEND, "POST",
                "content-type,idempotency-key,x-client-token,x-order-token");
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(FRONTEND);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("GET").contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("content-type", "idempotency-key", "x-client-token", "x-order-token");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
        // A trailing slash in the setting is forgiven: origins never have one.
        assertThat(preflight("https://dhakacart.example", "GET", "content-type").status()).isEqualTo(200);
    }

    @Test
    void aListedOriginReadsTheCatalogAndTheHeadersItNeedsButNeverAWildcard() {
        Answer catalog = send(HttpRequest.newBuilder(uri("/api/products")).header("Origin", FRONTEND).GET().build());
        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.json().get("data")).isNotEmpty();
        assertThat(catalog.header("Access-Control-Allow-Origin")).isEqualTo(FRONTEND);
        assertThat(catalog.header("Access-Control-Expose-Headers")).contains("Retry-After").contains("ETag");
        assertThat(catalog.header("Vary")).contains("Origin");
    }

    @Test
    void anOriginNotOnTheListIsRefusedWithAProblemAndGetsNoCorsHeaders() {
        long orders = orderCount();
        Answer preflight = preflight("http://evil.example", "POST", "content-type");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Content-Type")).startsWith("application/problem+json");
        assertThat(preflight.json().get("error").asText()).contains("DHAKACART_CORS_ORIGINS");

        Answer post = post("/api/orders", order("{\"product_id\":" + productId("Miniket Rice 5 kg") + ",\"quantity\":1}"),
                "Origin", "http://evil.example");
        assertThat(post.status()).isEqualTo(403);
        assertThat(orderCount()).isEqualTo(orders);
        // A header the API does not accept is refused too, even from a listed origin.
        assertThat(preflight(FRONTEND, "POST", "x-something-else").status()).isEqualTo(403);
        assertThat(preflight(FRONTEND, "DELETE", "content-type").status()).isEqualTo(403);
    }

    @Test
    void everyErrorTheApiAnswersIsAProblemTheOriginalClientCanShow() {
        long rice = productId("Miniket Rice 5 kg");
        String riceLine = "{\"product_id\":" + rice + ",\"quantity\":1}";
        long orders = orderCount();

        ProblemShape.assertShowable(get("/api/products?sort=cheapest"), 400, "bad query parameter");
        ProblemShape.assertShowable(post("/api/orders", "{\"customer_name\":"), 400, "malformed JSON");
        ProblemShape.assertShowable(post("/api/orders", order(riceLine.replace("1}", "\"one\"}"))), 400,
                "a string where a number belongs");
        ProblemShape.assertShowable(preflight("http://evil.example", "POST", "content-type"), 403,
                "an origin not allowed");
        ProblemShape.assertShowable(get("/api/products/999999"), 404, "unknown product");
        ProblemShape.assertShowable(get("/api/no-such-thing"), 404, "unknown route");
        ProblemShape.assertShowable(get("/api/orders/DC000000000000?token=x"), 404, "unknown order");
        ProblemShape.assertShowable(post("/api/orders", order("{\"product_id\":999999,\"quantity\":1}")), 404,
                "order for an unknown product");
        ProblemShape.assertShowable(send(HttpRequest.newBuilder(uri("/api/products"))
                .DELETE().build()), 405, "method not allowed");
        ProblemShape.assertShowable(post("/api/orders", order(riceLine.replace("1}", "1,\"price\":1}"))), 409,
                "a price that changed");
        long scarce = newProduct("Contract Test Last Two", "100", 2);
        ProblemShape.assertShowable(post("/api/orders", order("{\"product_id\":" + scarce + ",\"quantity\":3}")), 409,
                "more than the stock");
        ProblemShape.assertShowable(post("/api/orders", order(riceLine).replace("Rahim Uddin", "x".repeat(70_000))),
                413, "a body over 64 KiB");
        ProblemShape.assertShowable(send(HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build()),
                415, "not JSON");
        Answer invalid = post("/api/orders", order(riceLine).replace("rahim@example.com", "not-an-email")
                .replace("Rahim Uddin", ""));
        ProblemShape.assertShowable(invalid, 422, "invalid fields");
        assertThat(invalid.json().get("error").asText()).isEqualTo("Validation failed");
        assertThat(invalid.json().get("details")).extracting(JsonNode::asText)
                .contains("customer_email: must be a well-formed email address")
                .anySatisfy(line -> assertThat(line).startsWith("customer_name: "));
        Answer payment = post("/api/orders", order(riceLine).replace("\"items\"", "\"payment_method\":\"bitcoin\",\"items\""));
        ProblemShape.assertShowable(payment, 422, "unknown payment method");
        assertThat(payment.json().get("details").get(0).asText()).startsWith("payment_method: must be one of");
        assertThat(post("/api/orders", order(riceLine), "Idempotency-Key", "contract-key").status()).isEqualTo(201);
        ProblemShape.assertShowable(post("/api/orders", order(riceLine.replace("1}", "2}")), "Idempotency-Key",
                "contract-key"), 422, "an Idempotency-Key reused for another order");
        assertThat(orderCount()).isEqualTo(orders + 1);

        // The rate limit answers in its own filter, before Spring MVC: the same shape all the same.
        Answer limited = null;
        for (int i = 0; i < 31 && (limited == null || limited.status() != 429); i++) {
            limited = post("/api/orders", "{}", "X-Client-Token", "contract-limit-test");
        }
        ProblemShape.assertShowable(limited, 429, "too many orders");
    }

    @Test
    void takesLandlinesAndInternationalNumbersStoresThemInE164AndNamesAnInvalidOneInReadableDetails() {
        long rice = productId("Miniket Rice 5 kg");
        java.math.BigDecimal price = jdbc.sql("SELECT price FROM products WHERE id = ?").param(rice)
                .query(java.math.BigDecimal.class).single();
        java.util.function.Function<String, String> originalPayload = phone -> """
                {"customer_name":"Salma Khatun","customer_email":"salma@example.com","customer_phone":"%s",
                 "delivery_address":"House 3, Road 11, Banani, Dhaka","total_amount":%s,"payment_method":"cod",
                 "items":[{"product_id":%d,"quantity":1,"price":%s}]}"""
                .formatted(phone, price.toPlainString(), rice, price.toPlainString());

        Answer landline = post("/api/orders", originalPayload.apply("02-9876543"));
        assertThat(landline.status()).as(landline.raw().body()).isEqualTo(201);
        assertThat(landline.json().get("order").get("customer_phone").asText()).isEqualTo("02-9876543");
        assertThat(landline.json().get("order").get("customer_phone_e164").asText()).isEqualTo("+88029876543");
        assertThat(storedPhone(landline)).containsExactly("+88029876543", "02-9876543");

        Answer international = post("/api/orders", originalPayload.apply("+44 20 7946 0958"));
        assertThat(international.status()).as(international.raw().body()).isEqualTo(201);
        assertThat(storedPhone(international)).containsExactly("+442079460958", "+44 20 7946 0958");

        long orders = orderCount();
        Answer invalid = post("/api/orders", originalPayload.apply("12345"));
        ProblemShape.assertShowable(invalid, 422, "an invalid phone number");
        assertThat(invalid.json().get("details")).hasSize(1);
        assertThat(invalid.json().get("details").get(0).asText())
                .startsWith("customer_phone: must be a valid phone number");
        assertThat(orderCount()).isEqualTo(orders);

        // The order is found again by the same number written another way.
        String id = landline.json().get("order").get("id").asText();
        assertThat(get("/api/orders/" + id + "?phone=%2B880%202%209876543").status()).isEqualTo(200);
        assertThat(get("/api/orders/" + id + "?phone=029876544").status()).isEqualTo(404);
    }

    private java.util.List<String> storedPhone(Answer placed) {
        return jdbc.sql("SELECT customer_phone, customer_phone_as_written FROM orders WHERE id = ?")
                .param(placed.json().get("order").get("id").asText())
                .query((rs, n) -> java.util.List.of(rs.getString(1), rs.getString(2))).single();
    }

    private Answer preflight(String origin, String method, String headers) {
        return send(HttpRequest.newBuilder(uri("/api/orders"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .build());
    }
}
