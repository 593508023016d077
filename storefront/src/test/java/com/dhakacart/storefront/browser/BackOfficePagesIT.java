package com.dhakacart.storefront.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every back-office page and form, by every kind of visitor, against the real API: anonymous → the log-in
 * page, a role the page is not for → the 403 page, a role it is for → the page (or the form's own answer).
 * The table must name every {@code /admin} handler the storefront registers, so a new page cannot slip in
 * unchecked. Also: staff log-in brute force through the storefront, and the address the API records.
 */
@Tag("scenario") // shares one real shop (BackOfficeShop) with BackOfficeBrowserIT in the scenario tier's JVM
class BackOfficePagesIT {

    private static final Set<String> ALL = Set.copyOf(BackOfficeShop.ROLES);
    private static final Set<String> ORDERS = Set.of("owner", "order_handler");
    private static final Set<String> CATALOG = Set.of("owner", "catalog_manager");
    private static final Set<String> OWNER = Set.of("owner");

    private static BackOfficeShop office;
    private static String orderId;

    /** One page or form: how it is registered, a real address for it, who may use it, what a form sends. */
    private record Row(String method, String pattern, String path, Set<String> roles, Map<String, String> form) {
        String key() {
            return method + " " + pattern;
        }
    }

    @BeforeAll
    static void shop() throws Exception {
        office = BackOfficeShop.get();
        orderId = office.order(1, 1, "01712000" + (100 + (int) (Math.random() * 800)));
    }

    /** Forms are sent with harmless input: each is refused by the page or the API and changes nothing. */
    private static List<Row> table() {
        return List.of(
                new Row("GET", "/admin", "/admin", ALL, null),
                new Row("GET", "/admin/orders", "/admin/orders", ALL, null),
                new Row("GET", "/admin/orders/{id}", "/admin/orders/" + orderId, ALL, null),
                new Row("POST", "/admin/orders/{id}/status", "/admin/orders/" + orderId + "/status", ORDERS,
                        Map.of("status", "no-such-status")),
                new Row("GET", "/admin/orders/cancel-stale", "/admin/orders/cancel-stale", ORDERS, null),
                new Row("POST", "/admin/orders/cancel-stale", "/admin/orders/cancel-stale", ORDERS,
                        Map.of("minutes", "0")),
                new Row("GET", "/admin/products", "/admin/products", ALL, null),
                new Row("GET", "/admin/products/new", "/admin/products/new", CATALOG, null),
                new Row("POST", "/admin/products", "/admin/products", CATALOG, Map.of("name", "x", "price", "not money")),
                new Row("GET", "/admin/products/{id}", "/admin/products/1", CATALOG, null),
                new Row("POST", "/admin/products/{id}", "/admin/products/1", CATALOG, Map.of("price", "not money")),
                new Row("POST", "/admin/products/{id}/stock", "/admin/products/1/stock", CATALOG, Map.of("delta", "x")),
                new Row("POST", "/admin/products/{id}/picture", "/admin/products/1/picture", CATALOG, Map.of()),
                new Row("GET", "/admin/customers", "/admin/customers?phone=01712000999", ALL, null),
                new Row("GET", "/admin/audit", "/admin/audit", ALL, null),
                new Row("GET", "/admin/staff", "/admin/staff", OWNER, null),
                new Row("POST", "/admin/staff", "/admin/staff", OWNER, Map.of("email", "not an email", "role", "owner")),
                new Row("GET", "/admin/password", "/admin/password", ALL, null),
                new Row("POST", "/admin/password", "/admin/password", ALL,
                        Map.of("currentPassword", "wrong", "newPassword", "x", "repeatPassword", "y")),
                // Open to anyone; checked by the tests below.
                new Row("GET", "/admin/login", "/admin/login", null, null),
                new Row("POST", "/admin/login", "/admin/login", null, null),
                new Row("POST", "/admin/logout", "/admin/logout", ALL, Map.of()));
    }

    @Test
    void theTableNamesEveryAdminHandlerTheStorefrontRegisters() {
        Set<String> registered = new TreeSet<>();
        Map<RequestMappingInfo, HandlerMethod> handlers = office.shop.storefrontBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                .getHandlerMethods();
        handlers.keySet().forEach(info -> info.getPatternValues().stream().filter(p -> p.startsWith("/admin"))
                .forEach(pattern -> info.getMethodsCondition().getMethods()
                        .forEach(method -> registered.add(method.name() + " " + pattern))));
        Set<String> listed = new TreeSet<>(table().stream().map(Row::key).toList());
        assertThat(registered).as("registered /admin handlers").isNotEmpty().isEqualTo(listed);
    }

    @Test
    void everyPageSendsAnonymousVisitorsToTheLogInPageAndIsNeverStored() throws Exception {
        StorefrontVisitor anonymous = new StorefrontVisitor(office.shop.storefrontUrl(), null);
        List<String> wrong = new ArrayList<>();
        for (Row row : table()) {
            if (row.roles() == null) {
                continue;
            }
            HttpResponse<String> answer = send(anonymous, row);
            if (answer.statusCode() != 302 || !"/admin/login".equals(StorefrontVisitor.location(answer))
                    || !"no-store".equals(answer.headers().firstValue("Cache-Control").orElse(""))
                    || answer.headers().firstValue("X-Cache").isPresent()) {
                wrong.add(row.key() + " → " + answer.statusCode() + " " + StorefrontVisitor.location(answer)
                        + " " + answer.headers().firstValue("Cache-Control").orElse("no Cache-Control"));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(anonymous.cookie("DHAKACART_SESSION")).as("no session for an anonymous visitor").isNull();
    }

    @Test
    void everyRoleOpensItsOwnPagesAndGetsThe403PageForTheOthers() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (String role : BackOfficeShop.ROLES) {
            StorefrontVisitor staff = loggedIn(role);
            for (Row row : table()) {
                if (row.roles() == null) {
                    continue;
                }
                HttpResponse<String> answer = send(staff, row);
                int status = answer.statusCode();
                String where = StorefrontVisitor.location(answer);
                // Staff pages hold customers' data: never stored by a browser or proxy, nor in the page cache.
                if (!"no-store".equals(answer.headers().firstValue("Cache-Control").orElse(""))
                        || answer.headers().firstValue("X-Cache").isPresent()) {
                    wrong.add(role + " " + row.key() + " → cacheable: "
                            + answer.headers().firstValue("Cache-Control").orElse("no Cache-Control"));
                }
                if (row.roles().contains(role)) {
                    // Its page, or the form's own answer (a message, or a redirect to its page): never the 403
                    // page, the log-in page or a server error.
                    boolean ok = status < 500 && status != 403 && !"/admin/login".equals(where)
                            && (row.form() != null || status == 200 || (status == 302 && "/admin/orders".equals(where)));
                    if (row.pattern().equals("/admin/logout")) { // its answer is the log-in page, saying so
                        ok = status == 302 && answer.headers().firstValue("Location").orElse("").endsWith("/admin/login?loggedOut");
                    }
                    if (!ok) {
                        wrong.add(role + " " + row.key() + " → " + status + " " + where);
                    }
                    if (row.pattern().equals("/admin/logout")) {
                        staff = loggedIn(role); // it did log out: the next rows need a session again
                    }
                } else if (status != 403 || !answer.body().contains("data-testid=\"admin-403\"")) {
                    wrong.add(role + " " + row.key() + " → " + status + " " + where + " (expected the 403 page)");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theSixthWrongPasswordAndTheSixthTryForAnUnknownEmailBothShowTheSameLockoutMessage() throws Exception {
        String address = "198.51.100." + (10 + (int) (Math.random() * 200));
        StorefrontVisitor guesser = new StorefrontVisitor(office.shop.storefrontUrl(), address);
        // An account of its own: the lock-out lasts 15 minutes, and the other tests log in as theirs.
        String known = "guessed-" + office.run + "@example.com";
        String rightPassword = office.createStaff(known, "support");
        String unknown = "nobody-" + office.run + "@example.com";
        for (String email : List.of(known, unknown)) {
            for (int attempt = 1; attempt <= 5; attempt++) {
                HttpResponse<String> refused = guesser.logIn(email, "wrong password " + attempt);
                assertThat(refused.statusCode()).as(email + " attempt " + attempt).isEqualTo(401);
                assertThat(refused.body()).contains("Wrong email or password.").doesNotContain("Too many attempts");
            }
            HttpResponse<String> sixth = guesser.logIn(email, "wrong password 6");
            assertThat(sixth.statusCode()).as(email + " attempt 6").isEqualTo(429);
            assertThat(sixth.body()).contains("Too many attempts. Please try again later.")
                    .doesNotContain("Wrong email or password.");
        }
        // Locked even with the right password, and nothing tells the known email from the unknown one.
        HttpResponse<String> right = guesser.logIn(known, rightPassword);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(loginMessage(right)).isEqualTo(loginMessage(guesser.logIn(unknown, "anything")));
        assertThat(guesser.cookie("DHAKACART_SESSION")).as("no session from a refused log-in").isNull();
    }

    @Test
    void aLogInGetsANewSessionIdAndTheApiRecordsTheBrowsersAddress() throws Exception {
        String address = "203.0.113." + (10 + (int) (Math.random() * 200));
        StorefrontVisitor staff = new StorefrontVisitor(office.shop.storefrontUrl(), address);
        // A session from before the log-in (a shopper's cart), as an attacker could have planted it.
        staff.get("/products/1");
        staff.post("/cart/items", Map.of("productId", "1", "quantity", "1"));
        String before = staff.cookie("DHAKACART_SESSION");
        assertThat(before).isNotNull();

        HttpResponse<String> in = staff.logIn(office.emails.get("owner"), office.password("owner"));
        assertThat(in.statusCode()).isEqualTo(302);
        String after = staff.cookie("DHAKACART_SESSION");
        assertThat(after).isNotNull().isNotEqualTo(before);
        HttpResponse<String> cart = staff.get("/cart?lang=en");
        assertThat(cart.body()).as("the cart survives the new id").contains("Cart (1)");

        String audit = office.api("GET", "/api/admin/audit?size=50", office.tokenOf("owner"), null).body();
        assertThat(audit).contains("\"client_address\":\"" + address + "\"");
    }

    @Test
    void aOneTimePasswordLeadsToThePasswordPageBeforeAnythingElse() throws Exception {
        String email = "first-day-" + office.run + "@example.com";
        String oneTime = office.createStaff(email, "order_handler");
        StorefrontVisitor staff = new StorefrontVisitor(office.shop.storefrontUrl(), null);

        HttpResponse<String> in = staff.logIn(email, oneTime);
        assertThat(StorefrontVisitor.location(in)).isEqualTo("/admin/password");
        HttpResponse<String> orders = staff.get("/admin/orders");
        assertThat(StorefrontVisitor.location(orders)).isEqualTo("/admin/password");
        assertThat(staff.get("/admin/password?lang=en").body()).contains("You logged in with a one-time password");

        HttpResponse<String> tooShort = staff.post("/admin/password?lang=en",
                Map.of("currentPassword", oneTime, "newPassword", "short", "repeatPassword", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(422); // the API's rule, in its words
        assertThat(StorefrontVisitor.location(staff.get("/admin/orders"))).isEqualTo("/admin/password");

        String chosen = "my own password " + office.run;
        HttpResponse<String> changed = staff.post("/admin/password",
                Map.of("currentPassword", oneTime, "newPassword", chosen, "repeatPassword", chosen));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(staff.get("/admin/orders").statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenTheApiNoLongerKnowsLeadsBackToTheLogInPage() throws Exception {
        StorefrontVisitor staff = loggedIn("support");
        assertThat(staff.get("/admin/orders").statusCode()).isEqualTo(200);
        // Revoke the token the storefront keeps in the session, as an expiry or an owner would.
        String sessionId = new String(java.util.Base64.getDecoder().decode(staff.cookie("DHAKACART_SESSION")),
                java.nio.charset.StandardCharsets.UTF_8);
        Object stored = office.shop.storefrontBean("stringRedisTemplate",
                org.springframework.data.redis.core.StringRedisTemplate.class).opsForHash()
                .get("dhakacart:storefront:session:sessions:" + sessionId, "sessionAttr:dhakacart.staff");
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\":\"([^\"]+)\"")
                .matcher(String.valueOf(stored));
        assertThat(token.find()).as("the staff session in Redis: " + stored).isTrue();
        assertThat(office.api("DELETE", "/api/admin/session", token.group(1), null).statusCode()).isEqualTo(204);

        HttpResponse<String> after = staff.get("/admin/orders");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).endsWith("/admin/login?expired");
        assertThat(StorefrontVisitor.location(staff.get("/admin/orders"))).isEqualTo("/admin/login");
    }

    private static String loginMessage(HttpResponse<String> page) {
        java.util.regex.Matcher message = java.util.regex.Pattern.compile("data-testid=\"login-error\"[^>]*>([^<]*)<")
                .matcher(page.body());
        return message.find() ? message.group(1) : "(none)";
    }

    private static StorefrontVisitor loggedIn(String role) throws Exception {
        StorefrontVisitor staff = new StorefrontVisitor(office.shop.storefrontUrl(), null);
        HttpResponse<String> in = staff.logIn(office.emails.get(role), office.password(role));
        assertThat(in.statusCode()).as(role + " logs in: " + in.body()).isEqualTo(302);
        assertThat(StorefrontVisitor.location(in)).isEqualTo("/admin");
        return staff;
    }

    private static HttpResponse<String> send(StorefrontVisitor visitor, Row row) throws Exception {
        if (row.method().equals("GET")) {
            return visitor.get(row.path());
        }
        return visitor.post(row.path(), row.form() == null ? Map.of() : row.form());
    }
}
