package com.dhakacart.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import com.dhakacart.api.contract.ProblemShape;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The abuse cases of the security review, each one tried and refused: other spellings of the order path,
 * a new client token per request, one phone number many times, repeated lines, phone-number guessing.
 * The test talks to the API through loopback, configured here as a trusted proxy, so each case comes
 * from its own forwarded client address and the cases do not share the address limit.
 */
@TestPropertySource(properties = {"dhakacart.ratelimit.trusted-proxies=127.0.0.1, ::1",
        "dhakacart.ratelimit.trusted-addresses=198.51.100.1",
        "dhakacart.ratelimit.orders-per-ip-per-minute=40", "dhakacart.ratelimit.orders-per-phone-per-hour=5"})
class RateLimitAbuseIT extends ApiTestSupport {

    // Every way of writing the order path that Tomcat and Spring MVC route to the order endpoint, and some
    // that they do not (those must be 404/405 and place nothing).
    private static final List<String> SPELLINGS = List.of("/api/orders", "/api/orders;x=1", "/api/%6frders",
            "/api/orders/", "/API/ORDERS", "/api/./orders", "/api/orders;jsessionid=abc", "/api/%6F%72ders",
            "/api/x/../orders", "/api//orders");

    @Test
    void thirtyFiveOrdersFromOneClientAreCutAtThirtyHoweverThePathIsSpelled() {
        long product = newProduct("Spelled Sari", "500", 1000);
        long before = orderCount();
        Map<String, List<Integer>> byPath = new TreeMap<>();
        int reachedTheController = 0;
        for (int i = 0; reachedTheController < 35 && i < 100; i++) {
            String path = SPELLINGS.get(i % SPELLINGS.size());
            Answer answer = postFrom("203.0.113.1", path, orderFor(product, phone(1000 + i)),
                    "X-Client-Token", "one-abuser");
            byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(answer.status());
            assertThat(answer.status()).as(path + " " + byPath).isIn(201, 429, 404, 405, 400);
            if (answer.status() == 201 || answer.status() == 429) {
                reachedTheController++;
                if (reachedTheController > 30) {
                    ProblemShape.assertShowable(answer, 429, path + " past the limit");
                    assertThat(answer.header("Retry-After")).isNotNull();
                }
            }
        }
        assertThat(reachedTheController).as(byPath.toString()).isEqualTo(35);
        // The encoded and matrix-parameter spellings did reach the order endpoint, and were counted.
        assertThat(byPath.get("/api/orders;x=1")).as(byPath.toString()).contains(429);
        assertThat(byPath.get("/api/%6frders")).as(byPath.toString()).contains(429);
        assertThat(orderCount() - before).as(byPath.toString()).isEqualTo(30);
        assertThat(stock(product)).isEqualTo(1000 - 30);
    }

    @Test
    void aNewClientTokenPerRequestStillMeetsTheAddressLimit() {
        long product = newProduct("Token Tamarind", "50", 1000);
        long before = orderCount();
        int placed = 0;
        int limited = 0;
        for (int i = 0; i < 45; i++) {
            Answer answer = postFrom("203.0.113.2", "/api/orders", orderFor(product, phone(2000 + i)),
                    "X-Client-Token", "fresh-token-" + i);
            if (answer.status() == 201) {
                placed++;
            } else {
                ProblemShape.assertShowable(answer, 429, "address limit");
                limited++;
            }
        }
        assertThat(placed).isEqualTo(40);
        assertThat(limited).isEqualTo(5);
        assertThat(orderCount() - before).isEqualTo(40);
        // Another address is not affected.
        assertThat(postFrom("203.0.113.20", "/api/orders", orderFor(product, phone(2999)),
                "X-Client-Token", "someone-else").status()).isEqualTo(201);
    }

    @Test
    void onePhoneNumberGetsFiveOrdersAnHourHoweverItIsWrittenAndWhoeverSendsIt() {
        long product = newProduct("Phone Pitha", "80", 100);
        String[] spellings = {"01712-000777", "+8801712000777", "8801712000777", "01712000777", "+880 1712 000777"};
        for (int i = 0; i < 5; i++) {
            assertThat(postFrom("203.0.113." + (30 + i), "/api/orders", orderFor(product, spellings[i]),
                    "X-Client-Token", "phone-client-" + i).status()).isEqualTo(201);
        }
        long before = orderCount();
        Answer sixth = postFrom("203.0.113.40", "/api/orders", orderFor(product, "01712000777"),
                "X-Client-Token", "phone-client-new");
        ProblemShape.assertShowable(sixth, 429, "phone limit");
        assertThat(sixth.json().get("error").asText()).contains("phone number");
        assertThat(orderCount()).isEqualTo(before);
        assertThat(stock(product)).isEqualTo(95);
    }

    @Test
    void repeatedLinesOfOneProductAreMergedBeforeTheCapAndWriteNothing() {
        long product = newProduct("Repeated Rasgulla", "20", 1000);
        long before = orderCount();
        String line = "{\"product_id\":" + product + ",\"quantity\":60}";
        Answer answer = postFrom("203.0.113.50", "/api/orders",
                order(line + "," + line).replace("01712345678", phone(5000)));
        ProblemShape.assertShowable(answer, 422, "120 of one product in two lines");
        assertThat(answer.json().get("details").get(0).asText()).startsWith("items: at most 100 of one product");
        assertThat(orderCount()).isEqualTo(before);
        assertThat(stock(product)).isEqualTo(1000);
        // 100 in two lines is still one order of 100.
        String half = "{\"product_id\":" + product + ",\"quantity\":50}";
        assertThat(postFrom("203.0.113.50", "/api/orders", order(half + "," + half).replace("01712345678", phone(5001)))
                .status()).isEqualTo(201);
        assertThat(stock(product)).isEqualTo(900);
    }

    @Test
    void guessingTheCustomersPhoneNumberForAnOrderIsCutOff() {
        long product = newProduct("Guarded Guava", "30", 100);
        String id = postFrom("203.0.113.60", "/api/orders", orderFor(product, "01812345678"))
                .json().get("order").get("id").asText();
        // Ten wrong guesses from ten addresses are ordinary 404s; then the order is shut to phone look-ups.
        for (int i = 0; i < 10; i++) {
            assertThat(getFrom("203.0.114." + i, "/api/orders/" + id + "?phone=0181" + (1000000 + i)).status())
                    .isEqualTo(404);
        }
        Answer eleventh = getFrom("203.0.114.99", "/api/orders/" + id + "?phone=01812345678");
        ProblemShape.assertShowable(eleventh, 429, "phone guesses for one order");
        // One address trying many orders is limited too (30 a minute).
        int limited = 0;
        for (int i = 0; i < 35; i++) {
            if (getFrom("203.0.113.61", "/api/orders/DC00000000000" + (char) ('A' + i % 20) + "?phone=0181" + (2000000 + i))
                    .status() == 429) {
                limited++;
            }
        }
        assertThat(limited).isEqualTo(5);
    }

    @Test
    void theStorefrontAskingForEveryShopperIsLimitedPerOrderNotAsOneAddress() {
        // 198.51.100.1 plays the storefront (a trusted address): 35 look-ups of different orders in a minute
        // are all answered, where any other address gets 429 after 30.
        for (int i = 0; i < 35; i++) {
            assertThat(getFrom("198.51.100.1", "/api/orders/DC0000000000" + (char) ('A' + i % 26) + (char) ('A' + i / 26)
                    + "?phone=0181" + (3000000 + i)).status()).isEqualTo(404);
        }
    }

    private static String phone(int n) {
        return "017" + String.format("%08d", n);
    }

    private String orderFor(long product, String phone) {
        return order("{\"product_id\":" + product + ",\"quantity\":1}").replace("01712345678", phone);
    }

    private Answer postFrom(String address, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", address).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    private Answer getFrom(String address, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-Forwarded-For", address).GET().build());
    }
}
