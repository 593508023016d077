package com.dhakacart.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API's JSON, byte for byte, as the Spring Boot 3.5 / Jackson 2 release wrote it (each expected text
 * below was captured from that release with this same test): field order, number and date formats, null
 * handling and the problem documents. Only values that differ on every run (order ids, access tokens,
 * timestamps) are replaced by a placeholder before comparing; everything around them must be identical.
 */
class JsonBytesIT extends ApiTestSupport {

    private static final Pattern ORDER_ID = Pattern.compile("\"id\":\"DC[0-9A-Z]+\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"[^\"]+\"");
    /** A timestamp keeps its shape (fraction or not, Z or an offset); only its digits are run-specific. */
    private static final Pattern CREATED = Pattern.compile(
            "\"created_at\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})\"");

    @Test
    void everyKindOfAnswerIsTheSameBytesTheJackson2ReleaseWrote() {
        long rice = productId("Miniket Rice 5 kg");
        String riceLine = "{\"product_id\":" + rice + ",\"quantity\":2}";
        Map<String, String> actual = new LinkedHashMap<>();
        actual.put("product", get("/api/products/" + rice).raw().body());
        actual.put("page", get("/api/products?category=Groceries&sort=price_asc&size=2").raw().body());
        actual.put("categories", get("/api/categories").raw().body());
        Answer placed = post("/api/orders", order(riceLine).replace("\"items\"", "\"payment_method\":\"cod\",\"items\""));
        actual.put("placed", placed.raw().body());
        String id = placed.json().get("order").get("id").asText();
        String token = placed.json().get("order").get("access_token").asText();
        actual.put("order", send(HttpRequest.newBuilder(uri("/api/orders/" + id)).header("X-Order-Token", token)
                .GET().build()).raw().body());
        actual.put("unknown route", get("/api/no-such-thing").raw().body());
        actual.put("unknown product", get("/api/products/999999").raw().body());
        actual.put("malformed", post("/api/orders", "{\"customer_name\":").raw().body());
        actual.put("wrong type", post("/api/orders", order(riceLine.replace("2}", "\"two\"}"))).raw().body());
        actual.put("null quantity", post("/api/orders", order(riceLine.replace("2}", "null}"))).raw().body());
        actual.put("method", send(HttpRequest.newBuilder(uri("/api/products")).DELETE().build()).raw().body());
        actual.put("price changed", post("/api/orders", order(riceLine.replace("2}", "2,\"price\":1}"))).raw().body());
        actual.put("invalid", post("/api/orders", order(riceLine).replace("rahim@example.com", "not-an-email"))
                .raw().body());
        actual.replaceAll((name, body) -> normalised(body));

        actual.forEach((name, body) -> System.out.println("JSON-BYTES " + name + " => " + body));
        assertThat(actual).containsExactlyEntriesOf(EXPECTED);
    }

    /**
     * Objects the API builds with Map.of have no fixed member order in either release (Map.of iterates in a
     * per-JVM random order): the problem lists ({@code errors}, {@code current_prices}) are compared with their
     * members sorted, and a placed order's answer with {@code message} first, as its documented example shows.
     */
    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern UNORDERED = Pattern.compile(
            "\"(errors|current_prices)\":\\[((?:\\{(?:" + STRING + "|[^{}\"])*},?)+)]");
    private static final Pattern OBJECT = Pattern.compile("\\{(?:" + STRING + "|[^{}\"])*}");
    private static final Pattern PLACED = Pattern.compile("^\\{\"order\":(\\{.*}),\"message\":(" + STRING + ")}$");
    private static final Pattern MEMBER = Pattern.compile("\"([a-z_]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|[^,{}\\[\\]\"]+)");

    private static String membersSorted(MatchResult list) {
        List<String> objects = new ArrayList<>();
        Matcher object = OBJECT.matcher(list.group(2));
        while (object.find()) {
            Map<String, String> members = new TreeMap<>();
            Matcher member = MEMBER.matcher(object.group());
            while (member.find()) {
                members.put(member.group(1), member.group(2));
            }
            StringJoiner sorted = new StringJoiner(",", "{", "}");
            members.forEach((key, value) -> sorted.add("\"" + key + "\":" + value));
            objects.add(sorted.toString());
        }
        return Matcher.quoteReplacement("\"" + list.group(1) + "\":[" + String.join(",", objects) + "]");
    }

    @Test
    void textAfterTheJsonDocumentAndAQueryThatIsNotUtf8AreMalformedRequestsThatWriteNothing() {
        // The two answers that differ from the Jackson 2 / Tomcat 10 release (docs/api.md "JSON compatibility").
        long orders = orderCount();
        String riceLine = "{\"product_id\":" + productId("Miniket Rice 5 kg") + ",\"quantity\":1}";
        Answer trailing = post("/api/orders", order(riceLine) + " {\"more\":1}");
        ProblemShape.assertShowable(trailing, 400, "text after the JSON document");
        ProblemShape.assertShowable(get("/api/products?search=%FF%FE%80"), 400, "a query that is not UTF-8");
        assertThat(orderCount()).isEqualTo(orders);
    }

    private static String normalised(String body) {
        String out = UNORDERED.matcher(body).replaceAll(JsonBytesIT::membersSorted);
        out = PLACED.matcher(out).replaceAll(placed -> Matcher.quoteReplacement(
                "{\"message\":" + placed.group(2) + ",\"order\":" + placed.group(1) + "}"));
        out = ORDER_ID.matcher(out).replaceAll("\"id\":\"DC…\"");
        out = TOKEN.matcher(out).replaceAll("\"access_token\":\"…\"");
        return CREATED.matcher(out).replaceAll(time -> Matcher.quoteReplacement("\"created_at\":\"yyyy-mm-ddThh:mm:ss"
                + (time.group(1) == null ? "" : ".fraction") + time.group(2) + "\""));
    }

    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("product", "{\"data\":{\"id\":7,\"name\":\"Miniket Rice 5 kg\",\"description\":\"Premium polished miniket rice. "
                + "মিনিকেট চাল ৫ কেজি\",\"price\":420.00,\"category\":\"Groceries\",\"stock\":200,\"image_url\":\"/imag"
                + "es/products/miniket-rice-5kg.jpg\",\"image_srcset\":\"/images/products/miniket-rice-5kg.jpg 320w, /i"
                + "mages/products/miniket-rice-5kg-640.jpg 640w\",\"created_at\":\"yyyy-mm-ddThh:mm:ss.fractionZ\"}}");
        EXPECTED.put("page", "{\"data\":[{\"id\":7,\"name\":\"Miniket Rice 5 kg\",\"description\":\"Premium polished miniket rice."
                + " মিনিকেট চাল ৫ কেজি\",\"price\":420.00,\"category\":\"Groceries\",\"stock\":200,\"image_url\":\"/ima"
                + "ges/products/miniket-rice-5kg.jpg\",\"image_srcset\":\"/images/products/miniket-rice-5kg.jpg 320w, /"
                + "images/products/miniket-rice-5kg-640.jpg 640w\",\"created_at\":\"yyyy-mm-ddThh:mm:ss.fractionZ\"},{"
                + "\"id\":8,\"name\":\"Padma Hilsha Fish 1 kg\",\"description\":\"Fresh river hilsha from the Padma. পদ্"
                + "মার ইলিশ মাছ ১ কেজি\",\"price\":1650.00,\"category\":\"Groceries\",\"stock\":30,\"image_url\":\"/ima"
                + "ges/products/hilsha-fish-1kg.jpg\",\"image_srcset\":\"/images/products/hilsha-fish-1kg.jpg 320w, /im"
                + "ages/products/hilsha-fish-1kg-640.jpg 640w\",\"created_at\":\"yyyy-mm-ddThh:mm:ss.fractionZ\"}],\"pa"
                + "ge\":{\"number\":1,\"size\":2,\"total_elements\":2,\"total_pages\":1}}");
        EXPECTED.put("categories", "{\"data\":[\"Beverages\",\"Books\",\"Clothing\",\"Electronics\",\"Footwear\",\"Groceries\",\"Home Ap"
                + "pliances\",\"Sports\"]}");
        EXPECTED.put("placed", "{\"message\":\"Order placed successfully\",\"order\":{\"id\":\"DC…\",\"access_token\":\"…\",\"status"
                + "\":\"pending\",\"customer_name\":\"Rahim Uddin\",\"customer_email\":\"rahim@example.com\",\"customer"
                + "_phone\":\"01712345678\",\"customer_phone_e164\":\"+8801712345678\",\"delivery_address\":\"House 12,"
                + " Road 5, Dhanmondi, Dhaka\",\"total_amount\":840.00,\"payment_method\":\"cod\",\"items\":[{\"product"
                + "_id\":7,\"product_name\":\"Miniket Rice 5 kg\",\"quantity\":2,\"price\":420.00,\"subtotal\":840.00}]"
                + ",\"created_at\":\"yyyy-mm-ddThh:mm:ss.fractionZ\"}}");
        EXPECTED.put("order", "{\"data\":{\"id\":\"DC…\",\"status\":\"pending\",\"customer_name\":\"Rahim Uddin\",\"customer_email"
                + "\":\"rahim@example.com\",\"customer_phone\":\"01712345678\",\"customer_phone_e164\":\"+8801712345678"
                + "\",\"delivery_address\":\"House 12, Road 5, Dhanmondi, Dhaka\",\"total_amount\":840.00,\"payment_meth"
                + "od\":\"cod\",\"items\":[{\"product_id\":7,\"product_name\":\"Miniket Rice 5 kg\",\"quantity\":2,\"pr"
                + "ice\":420.00,\"subtotal\":840.00}],\"created_at\":\"yyyy-mm-ddThh:mm:ss.fractionZ\"}}");
        EXPECTED.put("unknown route", "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"No static resource api"
                + "/no-such-thing.\",\"instance\":\"/api/no-such-thing\",\"error\":\"No static resource api/no-such-thi"
                + "ng.\"}");
        EXPECTED.put("unknown product", "{\"type\":\"https://dhakacart.com/problems/not-found\",\"title\":\"Not Found\",\"status\":404,\"deta"
                + "il\":\"Product 999999 not found\",\"instance\":\"/api/products/999999\",\"error\":\"Product 999999 n"
                + "ot found\"}");
        EXPECTED.put("malformed", "{\"type\":\"https://dhakacart.com/problems/malformed-request\",\"title\":\"Bad Request\",\"status\":"
                + "400,\"detail\":\"Malformed JSON request body\",\"instance\":\"/api/orders\",\"error\":\"Malformed JS"
                + "ON request body\"}");
        EXPECTED.put("wrong type", "{\"type\":\"https://dhakacart.com/problems/malformed-request\",\"title\":\"Bad Request\",\"status\":"
                + "400,\"detail\":\"Wrong type for field 'items[0].quantity'\",\"instance\":\"/api/orders\",\"error\":"
                + "\"Wrong type for field 'items[0].quantity'\"}");
        EXPECTED.put("null quantity", "{\"type\":\"https://dhakacart.com/problems/validation-failed\",\"title\":\"Unprocessable Entity\",\""
                + "status\":422,\"detail\":\"Validation failed\",\"instance\":\"/api/orders\",\"error\":\"Validation fa"
                + "iled\",\"errors\":[{\"field\":\"items[0].quantity\",\"message\":\"must not be null\"}],\"details\":["
                + "\"items[0].quantity: must not be null\"]}");
        EXPECTED.put("method", "{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,\"detail\":\"Method 'DELET"
                + "E' is not supported.\",\"instance\":\"/api/products\",\"error\":\"Method 'DELETE' is not supported."
                + "\"}");
        EXPECTED.put("price changed", "{\"type\":\"https://dhakacart.com/problems/price-changed\",\"title\":\"Conflict\",\"status\":409,\"d"
                + "etail\":\"Prices have changed; please review the current prices and total\",\"instance\":\"/api/orde"
                + "rs\",\"error\":\"Prices have changed; please review the current prices and total\",\"current_prices"
                + "\":[{\"name\":\"Miniket Rice 5 kg\",\"price\":420.00,\"product_id\":7}],\"total_amount\":840.00}");
        EXPECTED.put("invalid", "{\"type\":\"https://dhakacart.com/problems/validation-failed\",\"title\":\"Unprocessable Entity\",\""
                + "status\":422,\"detail\":\"Validation failed\",\"instance\":\"/api/orders\",\"error\":\"Validation fa"
                + "iled\",\"errors\":[{\"field\":\"customer_email\",\"message\":\"must be a well-formed email address\""
                + "}],\"details\":[\"customer_email: must be a well-formed email address\"]}");
    }
}
