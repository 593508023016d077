package com.dhakacart.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderIT extends ApiTestSupport {

    @Test
    void placesAnOrderWithTheOriginalPayloadAndPricesItFromTheDatabase() {
        long galaxy = productId("Samsung Galaxy A54");
        long rice = productId("Miniket Rice 5 kg");
        int galaxyStock = stock(galaxy);
        Answer answer = post("/api/orders", """
                {"customer_name":"Rahim Uddin","customer_email":"rahim@example.com","customer_phone":"017-1234 5678",
                 "delivery_address":"House 12, Road 5, Dhanmondi, Dhaka","total_amount":36830,
                 "items":[{"product_id":%d,"quantity":1,"price":35990},{"product_id":%d,"quantity":2,"price":420}]}"""
                .formatted(galaxy, rice));
        assertThat(answer.status()).isEqualTo(201);
        JsonNode order = answer.json().get("order");
        assertThat(answer.json().get("message").asText()).isNotBlank();
        assertThat(order.get("status").asText()).isEqualTo("pending");
        assertThat(order.get("total_amount").decimalValue()).isEqualByComparingTo("36830");
        assertThat(order.get("items")).hasSize(2);
        assertThat(order.get("access_token").asText()).hasSizeGreaterThan(30);
        assertThat(order.get("payment_method").asText()).isEqualTo("cod");
        assertThat(order.get("created_at").asText()).isNotBlank();
        assertThat(order.get("id").asText()).matches("DC[0-9A-Z]{12}");
        assertThat(stock(galaxy)).isEqualTo(galaxyStock - 1);
        BigDecimal stored = jdbc.sql("SELECT total_amount FROM orders WHERE id = ?").param(order.get("id").asText())
                .query(BigDecimal.class).single();
        assertThat(stored).isEqualByComparingTo("36830");
        assertThat(jdbc.sql("SELECT customer_phone FROM orders WHERE id = ?").param(order.get("id").asText())
                .query(String.class).single()).isEqualTo("+8801712345678");
        assertThat(order.get("customer_phone").asText()).isEqualTo("017-1234 5678");
    }

    @Test
    void acceptsAnOrderWithoutClientPricesAndChargesTheDatabasePrice() {
        long punjabi = productId("Aarong Cotton Punjabi");
        Answer answer = post("/api/orders", order("{\"product_id\":" + punjabi + ",\"quantity\":2}"));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("order").get("total_amount").decimalValue()).isEqualByComparingTo("6900");
    }

    @Test
    void refusesAWrongClientPriceWithTheCurrentPricesAndWritesNothing() {
        long galaxy = productId("Samsung Galaxy A54");
        int stockBefore = stock(galaxy);
        long ordersBefore = orderCount();
        Answer answer = post("/api/orders", order("{\"product_id\":" + galaxy + ",\"quantity\":1,\"price\":100}"));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("current_prices").get(0).get("price").decimalValue()).isEqualByComparingTo("35990");
        assertThat(answer.json().get("error").asText()).containsIgnoringCase("price");
        assertThat(stock(galaxy)).isEqualTo(stockBefore);
        assertThat(orderCount()).isEqualTo(ordersBefore);
    }

    @Test
    void refusesAWrongClientTotal() {
        long galaxy = productId("Samsung Galaxy A54");
        long ordersBefore = orderCount();
        Answer answer = post("/api/orders", """
                {"customer_name":"Rahim","customer_email":"rahim@example.com","customer_phone":"01712345678",
                 "delivery_address":"Dhanmondi, Dhaka","total_amount":1,
                 "items":[{"product_id":%d,"quantity":1,"price":35990}]}""".formatted(galaxy));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("total_amount").decimalValue()).isEqualByComparingTo("35990");
        assertThat(orderCount()).isEqualTo(ordersBefore);
    }

    @Test
    void refusesMoreThanTheStockNamingTheProduct() {
        long product = newProduct("Last Jamdani", "9000", 2);
        Answer answer = post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":3}"));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error").asText()).contains("Last Jamdani").contains("2 left");
        assertThat(answer.json().get("available").asInt()).isEqualTo(2);
        assertThat(stock(product)).isEqualTo(2);
    }

    @Test
    void aSecondLineOutOfStockUndoesTheWholeOrder() {
        long plenty = newProduct("Plenty", "10", 100);
        long scarce = newProduct("Scarce", "10", 1);
        long ordersBefore = orderCount();
        Answer answer = post("/api/orders", order("""
                {"product_id":%d,"quantity":5},{"product_id":%d,"quantity":2}""".formatted(plenty, scarce)));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(stock(plenty)).isEqualTo(100);
        assertThat(orderCount()).isEqualTo(ordersBefore);
    }

    @Test
    void anIdempotencyKeyMakesARetryReturnTheFirstOrder() {
        long product = newProduct("Idempotent Item", "250", 10);
        String body = order("{\"product_id\":" + product + ",\"quantity\":2}");
        Answer first = post("/api/orders", body, "Idempotency-Key", "retry-123");
        Answer retry = post("/api/orders", body, "Idempotency-Key", "retry-123");
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("order").get("id")).isEqualTo(first.json().get("order").get("id"));
        // Tokens are stored hashed, so the retry cannot be given the first token back: it gets its own, and
        // both open the order.
        String id = first.json().get("order").get("id").asText();
        for (Answer answer : java.util.List.of(first, retry)) {
            assertThat(send(java.net.http.HttpRequest.newBuilder(uri("/api/orders/" + id))
                    .header("X-Order-Token", answer.json().get("order").get("access_token").asText()).GET().build())
                    .status()).isEqualTo(200);
        }
        assertThat(stock(product)).isEqualTo(8);
        assertThat(jdbc.sql("SELECT count(*) FROM order_items WHERE product_id = ?").param(product)
                .query(Long.class).single()).isEqualTo(1);

        Answer different = post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":3}"),
                "Idempotency-Key", "retry-123");
        assertThat(different.status()).isEqualTo(422);
        assertThat(stock(product)).isEqualTo(8);
    }

    @Test
    void unknownProductsAre404AndWriteNothing() {
        long ordersBefore = orderCount();
        Answer answer = post("/api/orders", order("{\"product_id\":987654,\"quantity\":1}"));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error").asText()).contains("987654");
        assertThat(orderCount()).isEqualTo(ordersBefore);
    }

    @Test
    void badInputIsA4xxWithAClearMessageAndWritesNothing() {
        long galaxy = productId("Samsung Galaxy A54");
        long ordersBefore = orderCount();
        int stockBefore = stock(galaxy);
        String longName = "x".repeat(101);
        Map<String, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put("{not json", 400);
        cases.put("[]", 400);
        cases.put(order("{\"product_id\":\"one\",\"quantity\":1}"), 400);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":\"2\"}"), 400);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":1.5}"), 400);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":99999999999999}"), 400);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":0}"), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":-1}"), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":101}"), 422);
        cases.put(order("{\"product_id\":" + galaxy + "}"), 422);
        cases.put(order("{\"product_id\":-5,\"quantity\":1}"), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":1,\"price\":-1}"), 422);
        cases.put(order(""), 422);
        cases.put(order("null"), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":1}").replace("Rahim Uddin", longName), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":1}").replace("rahim@example.com", "not-an-email"), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":1}").replace("01712345678", "12345"), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":1}").replace("House 12, Road 5, Dhanmondi, Dhaka", ""), 422);
        cases.put(order("{\"product_id\":" + galaxy + ",\"quantity\":1}")
                .replace("\"items\"", "\"payment_method\":\"bitcoin\",\"items\""), 422);
        cases.forEach((body, expected) -> {
            Answer answer = post("/api/orders", body);
            assertThat(answer.status()).as(body).isEqualTo(expected);
            assertThat(answer.header("Content-Type")).as(body).startsWith("application/problem+json");
            assertThat(answer.json().get("error").asText()).as(body).isNotBlank();
        });
        Answer validation = post("/api/orders", order("{\"product_id\":" + galaxy + ",\"quantity\":1}")
                .replace("rahim@example.com", "not-an-email"));
        assertThat(validation.json().get("errors").get(0).get("field").asText()).isEqualTo("customer_email");
        assertThat(validation.json().get("details").get(0).asText()).startsWith("customer_email: ");
        assertThat(orderCount()).isEqualTo(ordersBefore);
        assertThat(stock(galaxy)).isEqualTo(stockBefore);
    }

    @Test
    void refusesAnOversizedBodyWith413AndWritesNothing() {
        long ordersBefore = orderCount();
        String huge = order("{\"product_id\":1,\"quantity\":1}").replace("Rahim Uddin", "x".repeat(100_000));
        Answer declared = post("/api/orders", huge);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.json().get("error").asText()).contains("64 KiB");
        // Chunked, so no Content-Length tells the size up front: counted while read.
        Answer chunked = send(java.net.http.HttpRequest.newBuilder(uri("/api/orders"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build());
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(orderCount()).isEqualTo(ordersBefore);
    }

    @Test
    void readsAnOrderOnlyWithItsTokenOrPhone() throws Exception {
        long rice = productId("Miniket Rice 5 kg");
        JsonNode placed = post("/api/orders", order("{\"product_id\":" + rice + ",\"quantity\":1}")).json().get("order");
        String id = placed.get("id").asText();
        String token = placed.get("access_token").asText();

        Answer byQuery = get("/api/orders/" + id + "?token=" + token);
        assertThat(byQuery.status()).isEqualTo(200);
        assertThat(byQuery.json().get("data").get("items").get(0).get("product_id").asLong()).isEqualTo(rice);
        assertThat(byQuery.json().get("data").has("access_token")).isFalse();
        Answer byHeader = send(java.net.http.HttpRequest.newBuilder(uri("/api/orders/" + id))
                .header("X-Order-Token", token).GET().build());
        assertThat(byHeader.status()).isEqualTo(200);
        assertThat(get("/api/orders/" + id + "?phone=01712345678").status()).isEqualTo(200);
        // The database holds only the token's SHA-256, so a copy of it (or of a backup) opens nothing.
        String stored = jdbc.sql("SELECT access_token FROM orders WHERE id = ?").param(id).query(String.class).single();
        assertThat(stored).isNotEqualTo(token).isEqualTo(sha256(token));
        assertThat(get("/api/orders/" + id + "?token=" + stored).status()).isEqualTo(404);

        assertThat(get("/api/orders/" + id).status()).isEqualTo(404);
        assertThat(get("/api/orders/" + id + "?token=wrong").status()).isEqualTo(404);
        assertThat(get("/api/orders/" + id + "?phone=01800000000").status()).isEqualTo(404);
        assertThat(get("/api/orders/DC000000000000?token=" + token).status()).isEqualTo(404);
    }

    @Test
    void aLookUpByPhoneShowsEveryFieldButMasksThePersonalOnesWhileTheTokenShowsThemAll() {
        long rice = productId("Miniket Rice 5 kg");
        JsonNode placed = post("/api/orders", order("{\"product_id\":" + rice + ",\"quantity\":1}")).json().get("order");
        String id = placed.get("id").asText();
        JsonNode byPhone = get("/api/orders/" + id + "?phone=+8801712345678").json().get("data");
        assertThat(byPhone.get("customer_name").asText()).isEqualTo("R*** U***");
        assertThat(byPhone.get("customer_phone").asText()).isEqualTo("017•••••678");
        assertThat(byPhone.get("customer_phone_e164").asText()).isEqualTo("+880•••••••678");
        assertThat(byPhone.get("customer_email").asText()).isEqualTo("r***@e***.com");
        assertThat(byPhone.get("delivery_address").asText()).isEqualTo("***, Dhaka");
        assertThat(byPhone.get("status").asText()).isEqualTo("pending");
        assertThat(byPhone.get("total_amount").decimalValue()).isEqualByComparingTo(placed.get("total_amount").decimalValue());
        assertThat(byPhone.get("items").get(0).get("product_id").asLong()).isEqualTo(rice);

        JsonNode byToken = send(java.net.http.HttpRequest.newBuilder(uri("/api/orders/" + id))
                .header("X-Order-Token", placed.get("access_token").asText()).GET().build()).json().get("data");
        assertThat(byToken.get("customer_name").asText()).isEqualTo("Rahim Uddin");
        assertThat(byToken.get("customer_phone").asText()).isEqualTo("01712345678");
        assertThat(byToken.get("delivery_address").asText()).isEqualTo("House 12, Road 5, Dhanmondi, Dhaka");
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void orderNumbersAreNotASequence() {
        long rice = productId("Miniket Rice 5 kg");
        String a = post("/api/orders", order("{\"product_id\":" + rice + ",\"quantity\":1}")).json().get("order").get("id").asText();
        String b = post("/api/orders", order("{\"product_id\":" + rice + ",\"quantity\":1}")).json().get("order").get("id").asText();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.substring(0, 8)).isNotEqualTo(b.substring(0, 8)); // random, so no shared counting prefix (p ≈ 1e-9)
    }
}
