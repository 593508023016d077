package com.dhakacart.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Throws a few thousand malformed, oversized, wrongly typed and hostile requests (SQL, HTML, unicode,
 * NUL, numbers at the edges, broken JSON, bad headers, broken HTTP) at every public endpoint, from a fixed
 * seed so a failure replays. The outcome a shopper cares about: no answer is a 5xx, every request known to
 * be invalid is refused, and the database holds exactly the orders that were answered 201 (stock taken for
 * those and nothing else; products untouched). Limits are raised so the requests reach the code behind them.
 */
@TestPropertySource(properties = {"dhakacart.ratelimit.orders-per-client-per-minute=100000",
        "dhakacart.ratelimit.orders-per-ip-per-minute=100000", "dhakacart.ratelimit.orders-per-phone-per-hour=100000",
        "dhakacart.ratelimit.phone-lookups-per-ip-per-minute=100000",
        "dhakacart.ratelimit.phone-lookups-per-order-per-hour=100000",
        "dhakacart.ratelimit.trusted-proxies=127.0.0.1,::1"})
class PublicApiFuzzIT extends ApiTestSupport {

    private static final long SEED = 20261127L;
    private static final int CASES = 2000;

    /** Hostile and edge-case text, each tried in every text position. */
    private static final List<String> HOSTILE = List.of(
            "", " ", "\u0000", "a\u0000b", "%00", "'", "''", "\"", "\\", "' OR '1'='1", "1; DROP TABLE orders; --",
            "Robert'); DROP TABLE products;--", "1 UNION SELECT access_token FROM orders", "$1", "%s%s%s%n",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "{{7*7}}", "${7*7}", "#{7*7}",
            "../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "\r\nSet-Cookie: x=1", "\t", "\u202e", "\ufeff",
            "ঢাকা", "জামদানি শাড়ি", "😀", "\ud83d", "\uffff", "Z\u0301\u0302\u0303", "𝕯𝖍𝖆𝖐𝖆",
            "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
            "9223372036854775808", "1e308", "1e-308", "NaN", "Infinity", "0x1F", "1.5", " 7 ", "007", "+1",
            "null", "true", "[]", "{}", "x".repeat(101), "y".repeat(5000), "ঢ".repeat(300));

    /** JSON values of every type and edge, for wrongly typed fields. */
    private static final List<String> JSON_VALUES = List.of("null", "true", "false", "0", "-1", "1.5", "1e400",
            "-1e400", "2147483648", "9223372036854775808", "99999999999999999999999999", "0.001", "\"\"", "\"1\"",
            "[]", "[1]", "{}", "{\"a\":1}", "\"\\u0000\"", "\"" + "z".repeat(70_000) + "\"");

    private final Random random = new Random(SEED);
    private final Map<String, List<Integer>> statuses = new TreeMap<>();
    private final List<JsonNode> placed = new ArrayList<>();

    @Test
    void noMalformedOrHostileRequestGetsA5xxOrWritesAnythingButTheOrdersItWasToldOf() throws Exception {
        List<Long> products = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            products.add(newProduct("Fuzz Product " + i, "10" + i + ".50", 1_000_000));
        }
        String productsBefore = productsSnapshot();
        long ordersBefore = orderCount();
        String knownOrder = placedOrderId(products.getFirst());
        ordersBefore++;

        List<Supplier<Case>> kinds = List.of(
                () -> catalogListing(), () -> productById(), () -> byCategory(), () -> orderLookup(knownOrder),
                () -> garbageOrderBody(products), () -> mistypedOrder(products), () -> hostileTextOrder(products),
                () -> surelyInvalidOrder(products), () -> badHeaders(products), () -> otherEndpoints());
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            Case c = kinds.get(random.nextInt(kinds.size())).get();
            Answer answer = send(c.request);
            statuses.computeIfAbsent(c.kind, k -> new ArrayList<>()).add(answer.status());
            assertThat(answer.status()).as(i + " " + c.kind + " " + c.request.uri() + " → " + answer.raw().body())
                    .isLessThan(500);
            if (c.surelyInvalid) {
                assertThat(answer.status()).as(i + " " + c.kind + " must be refused: " + c.request.uri())
                        .isBetween(400, 499);
            }
            if (answer.status() == 201) {
                placed.add(answer.json().get("order"));
            }
        }
        int raw = rawHttpCases();

        // Nothing but the answered orders was written, and they took exactly their stock.
        Set<String> placedIds = new java.util.HashSet<>();
        Map<Long, Integer> taken = new HashMap<>();
        for (JsonNode order : placed) {
            if (placedIds.add(order.get("id").asText())) {
                order.get("items").forEach(item ->
                        taken.merge(item.get("product_id").asLong(), item.get("quantity").asInt(), Integer::sum));
                String stored = jdbc.sql("SELECT customer_name FROM orders WHERE id = ?")
                        .param(order.get("id").asText()).query(String.class).single();
                assertThat(stored).as("a hostile name is stored as text, unchanged").isEqualTo(order.get("customer_name").asText());
            }
        }
        assertThat(orderCount()).as(statuses.toString()).isEqualTo(ordersBefore + placedIds.size());
        for (long product : products) {
            int expected = 1_000_000 - taken.getOrDefault(product, 0) - (product == products.getFirst() ? 1 : 0);
            assertThat(stock(product)).as("stock of " + product).isEqualTo(expected);
        }
        assertThat(productsSnapshot()).as("names, prices and categories untouched").isEqualTo(productsBefore);
        assertThat(placedIds).as("some hostile but valid orders were placed").isNotEmpty();
        assertThat(raw).as("raw HTTP cases sent").isGreaterThan(10);
        System.out.printf("fuzz: %d cases + %d raw in %d s, %d orders placed; statuses per kind %s%n", CASES, raw,
                (System.nanoTime() - start) / 1_000_000_000L, placedIds.size(), summary());
    }

    // ---- the kinds of case ----

    private record Case(String kind, HttpRequest request, boolean surelyInvalid) {
    }

    private Case catalogListing() {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : List.of("category", "search", "sort", "page", "size")) {
            if (random.nextInt(3) > 0) {
                params.put(name, pick(HOSTILE));
            }
        }
        return new Case("listing", getting("/api/products" + query(params)), false);
    }

    private Case productById() {
        return new Case("product", getting("/api/products/" + segment(pick(HOSTILE))), false);
    }

    private Case byCategory() {
        return new Case("category", getting("/api/products/category/" + segment(pick(HOSTILE))
                + query(Map.of("page", pick(HOSTILE), "size", pick(HOSTILE)))), false);
    }

    private Case orderLookup(String knownOrder) {
        String id = random.nextBoolean() ? knownOrder : pick(HOSTILE);
        Map<String, String> params = new LinkedHashMap<>();
        params.put(random.nextBoolean() ? "token" : "phone", pick(HOSTILE));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/orders/" + segment(id) + query(params))).GET();
        if (random.nextBoolean()) {
            header(request, "X-Order-Token", pick(HOSTILE));
        }
        // A wrong token or phone never opens an order: 400, 404 or 429, never 200.
        return new Case("lookup", request.build(), true);
    }

    private Case garbageOrderBody(List<Long> products) {
        String valid = validOrder(products);
        String body = switch (random.nextInt(8)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length())); // truncated
            case 1 -> "[".repeat(5000) + "]".repeat(5000);
            case 2 -> "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
            case 3 -> pick(JSON_VALUES);
            case 4 -> new String(randomBytes(random.nextInt(2000)), StandardCharsets.ISO_8859_1);
            case 5 -> valid.replace("{", "{{");
            case 6 -> valid.replace("\"items\"", "\"items\":[],\"items\"").replace(":[{", ":[[{"); // wrong shape
            default -> "";
        };
        return new Case("garbage-body", posting(body), true);
    }

    private Case mistypedOrder(List<Long> products) {
        String field = pick(List.of("customer_name", "customer_email", "customer_phone", "delivery_address",
                "total_amount", "payment_method", "items", "product_id", "quantity", "price"));
        String value = pick(JSON_VALUES);
        String body = withField(validOrder(products), field, value);
        return new Case("mistyped", posting(body), false);
    }

    private Case hostileTextOrder(List<Long> products) {
        String field = pick(List.of("customer_name", "delivery_address", "customer_email", "customer_phone",
                "payment_method"));
        String body = withField(validOrder(products), field, json(pick(HOSTILE)));
        return new Case("hostile-text", posting(body), false);
    }

    private Case surelyInvalidOrder(List<Long> products) {
        long product = pick(products);
        String line = switch (random.nextInt(9)) {
            case 0 -> "{\"product_id\":" + product + ",\"quantity\":0}";
            case 1 -> "{\"product_id\":" + product + ",\"quantity\":-1}";
            case 2 -> "{\"product_id\":" + product + ",\"quantity\":101}";
            case 3 -> "{\"product_id\":" + product + ",\"quantity\":2147483648}";
            case 4 -> "{\"product_id\":" + product + ",\"quantity\":1.5}";
            case 5 -> "{\"product_id\":" + product + ",\"quantity\":60},{\"product_id\":" + product + ",\"quantity\":60}";
            case 6 -> "{\"product_id\":" + product + ",\"quantity\":1,\"price\":-5}";
            case 7 -> "{\"product_id\":-" + product + ",\"quantity\":1}";
            default -> "{\"product_id\":987654321,\"quantity\":1}";
        };
        String body = order(line);
        if (random.nextBoolean()) {
            body = body.replace("Rahim Uddin", random.nextBoolean() ? "Ra\\u0000him" : "");
        }
        return new Case("surely-invalid", posting(body), true);
    }

    private Case badHeaders(List<Long> products) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/orders"))
                .POST(HttpRequest.BodyPublishers.ofString(validOrder(products)));
        boolean invalid = false;
        switch (random.nextInt(8)) {
            case 0 -> { header(request, "Content-Type", pick(List.of("text/plain", "application/xml",
                    "application/json; charset=ebcdic", "multipart/form-data; boundary=x", "*/*", "application/x-www-form-urlencoded")));
                invalid = true; }
            case 1 -> { header(request, "Content-Type", "application/json");
                header(request, "Idempotency-Key", pick(List.of("", " ", "k".repeat(201), "ঢাকা-১", "' OR 1=1 --")));
                }
            case 2 -> { header(request, "Content-Type", "application/json");
                header(request, "X-Client-Token", pick(HOSTILE)); }
            case 3 -> { header(request, "Content-Type", "application/json");
                header(request, "X-Forwarded-For", pick(List.of("unknown", "1.2.3.4, evil", "999.1.1.1", "::::",
                        "[::1]", "203.0.113.5, 127.0.0.1", ",,,", "x".repeat(4000)))); }
            case 4 -> { header(request, "Content-Type", "application/json");
                header(request, "Accept", pick(List.of("text/html", "application/xml", "image/png", "*/*;q=x"))); }
            case 5 -> { header(request, "Content-Type", "application/json");
                header(request, "X-Request-Id", pick(HOSTILE)); }
            case 6 -> { header(request, "Content-Type", "application/json");
                header(request, "Origin", pick(List.of("http://evil.example", "null", "http://localhost:3000")));
                header(request, "Cookie", "SESSION=" + pick(List.of("x", "%00", "a".repeat(3000)))); }
            default -> { /* no Content-Type at all */ invalid = true; }
        }
        return new Case("headers", request.build(), invalid);
    }

    private Case otherEndpoints() {
        String path = pick(List.of("/health", "/health/live", "/health/ready", "/api/categories",
                "/images/products/" + segment(pick(HOSTILE)), "/images/products/..%2f..%2fapplication.properties",
                "/v3/api-docs", "/actuator/prometheus", "/actuator/env", "/actuator/heapdump", "/api/admin",
                "/api/orders", "/api/products/1/../../orders", "/api/" + segment(pick(HOSTILE))));
        String method = pick(List.of("GET", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"));
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(random.nextBoolean() ? "" : pick(JSON_VALUES)))
                .build();
        return new Case("other " + method, request, false);
    }

    /** Broken HTTP that no well-behaved client can send: raw bytes on a socket. Returns how many were sent. */
    private int rawHttpCases() throws IOException {
        List<byte[]> requests = new ArrayList<>();
        String valid = order("{\"product_id\":1,\"quantity\":1}");
        requests.add(bytes("GET /api/products?search=\u0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        requests.add(bytes("GET /api/products/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        requests.add(bytes("GET /api/products/category/%C0%AE%C0%AE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        requests.add(bytes("GET /api/products?search=%FF%FE%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        requests.add(bytes("GET /api/products?search=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        requests.add(bytes("GET /api/orders/x HTTP/1.1\r\nHost: x\r\nX-Order-Token: a\u0000b\r\nConnection: close\r\n\r\n"));
        requests.add(bytes("FOO\r\n\r\n"));
        requests.add(bytes("GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000) + "\r\nConnection: close\r\n\r\n"));
        requests.add(bytes("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\n" + valid));
        requests.add(bytes("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n"
                + "Connection: close\r\n\r\n" + valid));
        requests.add(bytes("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
        requests.add(bytes("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"));
        byte[] invalidUtf8Body = ("{\"customer_name\":\"" + "\u00ff\u00fe" + "\",\"items\":[]}").getBytes(StandardCharsets.ISO_8859_1);
        requests.add(concat(bytes("POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + invalidUtf8Body.length + "\r\nConnection: close\r\n\r\n"), invalidUtf8Body));
        for (int i = 0; i < 10; i++) {
            requests.add(concat(bytes("GET /api/products?search="), randomBytes(50), bytes(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
        }
        for (byte[] request : requests) {
            String statusLine = rawExchange(request);
            statuses.computeIfAbsent("raw", k -> new ArrayList<>()).add(statusLine.isEmpty() ? 0 : Integer.parseInt(statusLine.split(" ")[1]));
            assertThat(statusLine).as("raw: " + new String(request, 0, Math.min(120, request.length), StandardCharsets.ISO_8859_1))
                    .doesNotMatch("HTTP/1\\.1 5\\d\\d.*");
        }
        return requests.size();
    }

    // ---- helpers ----

    private String validOrder(List<Long> products) {
        long product = pick(products);
        String phone = "017" + String.format("%08d", random.nextInt(100_000_000));
        return order("{\"product_id\":" + product + ",\"quantity\":" + (1 + random.nextInt(3)) + "}")
                .replace("01712345678", phone);
    }

    private String placedOrderId(long product) {
        Answer answer = post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":1}"));
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().get("order").get("id").asText();
    }

    private static String withField(String body, String field, String value) {
        return switch (field) {
            case "product_id", "quantity" -> body.replaceFirst("\"" + field + "\":[0-9]+", "\"" + field + "\":"
                    + java.util.regex.Matcher.quoteReplacement(value));
            case "price" -> body.replace("\"quantity\":", "\"price\":" + value + ",\"quantity\":");
            case "items" -> body.replaceFirst("\"items\":\\[.*]", "\"items\":" + java.util.regex.Matcher.quoteReplacement(value));
            case "total_amount", "payment_method" -> body.replace("\"items\"", "\"" + field + "\":" + value + ",\"items\"");
            default -> body.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":"
                    + java.util.regex.Matcher.quoteReplacement(value));
        };
    }

    private static String json(String text) {
        return JSON.writeValueAsString(text);
    }

    private HttpRequest getting(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private HttpRequest posting(String body) {
        return HttpRequest.newBuilder(uri("/api/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Headers Java's client refuses to send (control characters) are skipped; raw cases cover those. */
    private static void header(HttpRequest.Builder request, String name, String value) {
        try {
            request.header(name, value);
        } catch (IllegalArgumentException refusedByTheClient) {
            request.header(name, "refused-by-client");
        }
    }

    private static String segment(String text) {
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.isEmpty() ? "%20" : encoded;
    }

    private static String query(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Sends the bytes, returns the status line ("" when the server just closed the connection). */
    private String rawExchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedWhileWriting) {
                // The server may refuse a huge header before reading it all.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            try {
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.write(b);
                }
            } catch (IOException reset) {
                // a reset is a refusal, not a 5xx
            }
            return line.toString(StandardCharsets.ISO_8859_1).strip();
        }
    }

    private String summary() {
        Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
        statuses.forEach((kind, list) -> list.forEach(s -> counts.computeIfAbsent(kind, k -> new TreeMap<>())
                .merge(s, 1, Integer::sum)));
        return counts.toString();
    }

    private String productsSnapshot() {
        return jdbc.sql("SELECT string_agg(id || '|' || name || '|' || price || '|' || category, ';' ORDER BY id) FROM products")
                .query(String.class).single();
    }
}
