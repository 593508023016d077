package com.dhakacart.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.AdminTestSupport;
import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.staff.Role;
import tools.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Throws a few thousand malformed, oversized, wrongly typed and hostile requests at every admin endpoint,
 * with an owner's token and without one, from a fixed seed so a failure replays. What staff and the shop
 * care about: no answer is a 5xx, anonymous callers get nothing but 401 (or 400/413 for what is refused before any code runs), and the only
 * changes in the database are those answered 2xx: each has exactly one audit entry, every product is as
 * the last 2xx answer about it said, and no product, staff account or order status changed otherwise.
 */
@TestPropertySource(properties = {"dhakacart.ratelimit.orders-per-client-per-minute=100000",
        "dhakacart.ratelimit.orders-per-phone-per-hour=100000"})
class AdminApiFuzzIT extends AdminTestSupport {

    private static final long SEED = 20261127L;
    private static final int CASES = 2000;

    private static final List<String> HOSTILE = List.of(
            "", " ", "\u0000", "a\u0000b", "%00", "'", "\"", "\\", "' OR '1'='1", "1; DROP TABLE audit_log; --",
            "<script>alert(1)</script>", "{{7*7}}", "${7*7}", "../../../etc/passwd", "\r\nSet-Cookie: x=1", "\t",
            "\u202e", "\ufeff", "ঢাকা", "😀", "\ud83d", "\uffff", "0", "-1", "1", "2147483648", "9223372036854775808",
            "1e308", "NaN", "null", "true", "[]", "{}", "pending", "confirmed", "cancelled", "owner", "support",
            "x@y.z", "01712345678", "+8801712345678", "2026-11-30", "2026-02-30", "x".repeat(101), "y".repeat(600),
            "ঢ".repeat(300));

    private static final List<String> JSON_VALUES = List.of("null", "true", "false", "0", "-1", "1", "7", "-3", "1.5",
            "0.001", "1e400", "-1e400", "2147483648", "-2147483649", "9223372036854775808", "99999999999.99",
            "99999999999999999999999999", "\"\"", "\"1\"", "\"12.50\"", "[]", "[1]", "{}", "{\"a\":1}", "\"\\u0000\"",
            "\"owner\"", "\"confirmed\"", "\"cancelled\"", "\"" + "z".repeat(70_000) + "\"");

    private final Random random = new Random(SEED);
    private final Map<String, List<Integer>> statuses = new TreeMap<>();

    @Test
    void noMalformedOrHostileAdminRequestGetsA5xxOrChangesAnythingItWasNotAnsweredFor() throws Exception {
        String owner = token(Role.OWNER);
        List<Long> products = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            products.add(newProduct("Admin Fuzz " + i, "10" + i + ".50", 1000));
        }
        long victim = accounts.create(Actor.commandLine(), "victim@staff.example", "Victim", Role.SUPPORT).member().id();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Answer placed = post("/api/orders", order("{\"product_id\":" + products.getFirst() + ",\"quantity\":1}"));
            orders.add(placed.json().at("/order/id").asText());
        }
        long productsBefore = count("products");
        long staffBefore = count("staff");
        long auditBefore = changeEntries();

        Map<Long, JsonNode> lastAnswered = new HashMap<>();
        Map<String, String> lastStatus = new HashMap<>();
        orders.forEach(o -> lastStatus.put(o, "pending"));
        int changes = 0;
        int created = 0;
        int staffCreated = 0;

        List<Supplier<Case>> kinds = List.of(
                () -> reads(products, orders, victim), () -> patchProduct(products), () -> createProduct(),
                () -> adjustStock(products), () -> moveOrder(orders), () -> cancelStale(), () -> staffChanges(victim),
                () -> passwordAndSession(), () -> picture(products), () -> garbage(products, orders, victim));
        long start = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            Case c = kinds.get(random.nextInt(kinds.size())).get();
            boolean anonymous = !c.open && random.nextInt(5) == 0;
            HttpRequest request = build(c, anonymous ? (random.nextBoolean() ? null : "bogus-" + i) : owner);
            Answer answer = send(request);
            statuses.computeIfAbsent(c.kind, k -> new ArrayList<>()).add(answer.status());
            String what = i + " " + c.kind + " " + c.method + " " + request.uri() + " " + abbreviated(c.body) + " → "
                    + answer.raw().body();
            assertThat(answer.status()).as(what).isLessThan(500);
            if (anonymous) {
                // 400 and 413: a NUL in the URL or a body over 64 KiB is refused before anything reads the token.
                assertThat(answer.status()).as(what).isIn(400, 401, 413);
                continue;
            }
            if (answer.status() / 100 == 2 && c.changes) {
                changes++;
                JsonNode data = answer.json() == null ? null : answer.json().get("data");
                if (c.kind.equals("create-product")) {
                    created++;
                } else if (c.kind.equals("staff") && answer.status() == 201) {
                    staffCreated++;
                } else if (data != null && data.has("stock") && data.has("hidden")) {
                    lastAnswered.put(data.get("id").asLong(), data);
                } else if (data != null && data.has("status_history")) {
                    lastStatus.put(data.get("id").asText(), data.get("status").asText());
                }
            }
        }

        assertThat(changeEntries() - auditBefore).as("one audit entry per change answered 2xx; " + summary())
                .isEqualTo(changes);
        assertThat(count("products")).isEqualTo(productsBefore + created);
        assertThat(count("staff")).isEqualTo(staffBefore + staffCreated);
        for (long product : products) {
            JsonNode stored = jdbc.sql("SELECT row_to_json(p) FROM (SELECT name, description, price, category, stock, hidden"
                    + " FROM products WHERE id = ?) p").param(product).query((rs, n) -> read(rs.getString(1))).single();
            JsonNode expected = lastAnswered.get(product);
            if (expected == null) {
                assertThat(stored.get("name").asText()).startsWith("Admin Fuzz");
                continue;
            }
            for (String field : List.of("name", "description", "category", "stock", "hidden")) {
                assertThat(stored.get(field).asText()).as(product + " " + field).isEqualTo(expected.get(field).asText());
            }
            assertThat(stored.get("price").decimalValue()).isEqualByComparingTo(expected.get("price").decimalValue());
        }
        for (String order : orders) {
            assertThat(jdbc.sql("SELECT status FROM orders WHERE id = ?").param(order).query(String.class).single())
                    .as(order).isEqualTo(lastStatus.get(order));
        }
        assertThat(changes).as("some hostile but valid changes were made").isPositive();
        System.out.printf("admin fuzz: %d cases in %d s, %d changes; statuses per kind %s%n", CASES,
                (System.nanoTime() - start) / 1_000_000_000L, changes, summary());
    }

    // ---- the kinds of case ----

    /** One request: {@code changes} when a 2xx answer means something was written; {@code open} for the log-in. */
    private record Case(String kind, String method, String path, String body, String contentType, boolean changes,
                        boolean open) {
    }

    private Case reads(List<Long> products, List<String> orders, long victim) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : List.of("page", "size", "search", "status", "from", "to", "phone", "target_type", "target_id")) {
            if (random.nextInt(3) == 0) {
                params.put(name, pick(HOSTILE));
            }
        }
        String path = switch (random.nextInt(9)) {
            case 0 -> "/api/admin/products";
            case 1 -> "/api/admin/products/" + (random.nextBoolean() ? pick(products).toString() : segment(pick(HOSTILE)));
            case 2 -> "/api/admin/orders";
            case 3 -> "/api/admin/orders/" + (random.nextBoolean() ? pick(orders) : segment(pick(HOSTILE)));
            case 4 -> "/api/admin/customers/" + segment(pick(HOSTILE)) + "/orders";
            case 5 -> "/api/admin/audit";
            case 6 -> "/api/admin/staff";
            case 7 -> "/api/admin/me";
            default -> "/api/admin/" + segment(pick(HOSTILE));
        };
        return new Case("read", "GET", path + query(params), null, null, false, false);
    }

    private Case patchProduct(List<Long> products) {
        String body = object(List.of("name", "description", "price", "category", "hidden", "stock"));
        return new Case("patch-product", "PATCH", "/api/admin/products/" + idOr(products), body, "application/json",
                true, false);
    }

    private Case createProduct() {
        String body = object(List.of("name", "description", "price", "category", "stock", "hidden"));
        return new Case("create-product", "POST", "/api/admin/products", body, "application/json", true, false);
    }

    private Case adjustStock(List<Long> products) {
        String body = object(List.of("delta", "reason"));
        return new Case("stock", "POST", "/api/admin/products/" + idOr(products) + "/stock-adjustments", body,
                "application/json", true, false);
    }

    private Case moveOrder(List<String> orders) {
        String body = object(List.of("status", "reason"));
        String id = random.nextInt(4) > 0 ? pick(orders) : segment(pick(HOSTILE));
        return new Case("order-status", "POST", "/api/admin/orders/" + id + "/status", body, "application/json", true,
                false);
    }

    private Case cancelStale() {
        // Never a real bulk cancel: dry_run is true or not a boolean (then the request is refused).
        String body = "{\"older_than_minutes\":" + pick(JSON_VALUES) + ",\"dry_run\":"
                + (random.nextBoolean() ? "true" : pick(List.of("\"false\"", "0", "[]", "null1"))) + "}";
        return new Case("cancel-stale", "POST", "/api/admin/orders/cancel-stale", body, "application/json", false, false);
    }

    private Case staffChanges(long victim) {
        if (random.nextBoolean()) {
            return new Case("staff", "POST", "/api/admin/staff", object(List.of("email", "name", "role")),
                    "application/json", true, false);
        }
        String id = random.nextInt(4) > 0 ? String.valueOf(victim) : segment(pick(HOSTILE));
        return new Case("staff", "PATCH", "/api/admin/staff/" + id, object(List.of("role", "disabled")),
                "application/json", true, false);
    }

    private Case passwordAndSession() {
        if (random.nextBoolean()) {
            // Never the right current password, so never a change.
            return new Case("password", "POST", "/api/admin/me/password",
                    object(List.of("current_password", "new_password")), "application/json", false, false);
        }
        return new Case("log-in", "POST", "/api/admin/session", object(List.of("email", "password")),
                "application/json", false, true);
    }

    private Case picture(List<Long> products) {
        String boundary = "fuzz" + random.nextInt(1000);
        String part = switch (random.nextInt(4)) {
            case 0 -> "--" + boundary + "\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"x.jpg\"\r\n\r\n"
                    + pick(HOSTILE) + "\r\n--" + boundary + "--\r\n";
            case 1 -> "--" + boundary + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--" + boundary + "--\r\n";
            case 2 -> "--" + boundary + "\r\n" + pick(HOSTILE);
            default -> pick(HOSTILE);
        };
        String type = random.nextInt(4) > 0 ? "multipart/form-data; boundary=" + boundary : pick(List.of(
                "application/json", "text/plain", "multipart/form-data", "image/jpeg"));
        return new Case("picture", "PUT", "/api/admin/products/" + idOr(products) + "/picture", part, type, true, false);
    }

    private Case garbage(List<Long> products, List<String> orders, long victim) {
        String path = pick(List.of("/api/admin/products", "/api/admin/products/" + pick(products),
                "/api/admin/products/" + pick(products) + "/stock-adjustments", "/api/admin/orders/" + pick(orders) + "/status",
                "/api/admin/orders/cancel-stale", "/api/admin/staff", "/api/admin/staff/" + victim, "/api/admin/session",
                "/api/admin/me/password"));
        String method = path.endsWith("/staff/" + victim) || path.matches(".*/products/\\d+$") ? "PATCH" : "POST";
        String body = switch (random.nextInt(6)) {
            case 0 -> "[".repeat(5000) + "]".repeat(5000);
            case 1 -> "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
            case 2 -> pick(JSON_VALUES);
            case 3 -> new String(randomBytes(random.nextInt(2000)), StandardCharsets.ISO_8859_1);
            case 4 -> "{\"name\":\"x\"";
            default -> "";
        };
        String type = pick(List.of("application/json", "application/json", "text/plain", "application/xml"));
        return new Case("garbage", method, path, body, type, true, path.equals("/api/admin/session"));
    }

    // ---- helpers ----

    /** A JSON object with a random subset of the fields, each a hostile string or a JSON value of any type. */
    private String object(List<String> fields) {
        StringBuilder out = new StringBuilder("{");
        for (String field : fields) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            String value = random.nextBoolean() ? json(pick(HOSTILE)) : pick(JSON_VALUES);
            out.append(out.length() == 1 ? "" : ",").append('"').append(field).append("\":").append(value);
        }
        return out.append('}').toString();
    }

    private HttpRequest build(Case c, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(c.path));
        request.method(c.method, c.body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(c.body, c.contentType != null && c.contentType.startsWith("multipart")
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        if (c.contentType != null) {
            request.header("Content-Type", c.contentType);
        }
        if (token != null && !c.open) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private String idOr(List<Long> products) {
        return random.nextInt(5) > 0 ? String.valueOf(pick(products)) : segment(pick(HOSTILE));
    }

    private long changeEntries() {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE action NOT IN ('staff.login', 'staff.password')")
                .query(Long.class).single();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static JsonNode read(String json) {
        return JSON.readTree(json);
    }

    private static String json(String text) {
        return JSON.writeValueAsString(text);
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
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

    private String summary() {
        Map<String, Map<Integer, Integer>> out = new TreeMap<>();
        statuses.forEach((kind, list) -> list.forEach(s -> out.computeIfAbsent(kind, k -> new TreeMap<>()).merge(s, 1, Integer::sum)));
        return out.toString();
    }
}
