package com.dhakacart.storefront.browser;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The anonymous catalog and product pages served from the storefront's page cache, against the real API on
 * PostgreSQL and Redis: coherent with the catalog within a second, the same stored page for every visitor
 * (each with their own working CSRF token), no Redis write for a visitor who only looks, and the last
 * rendered catalog while the database is down. About 40 s, most of it starting the API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CachedCatalogPagesIT {

    /** The page cache's coherence window (500 ms fresh) plus one render, with room for a busy machine. */
    private static final Duration COHERENCE = Duration.ofSeconds(1);
    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static RealShop shop;
    private static final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startShop() throws Exception {
        shop = RealShop.start(CachedCatalogPagesIT.class);
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    @Order(1)
    void twoCookielessVisitorsGetTheSameStoredPageEachWithTheirOwnWorkingFormToken() throws Exception {
        long id = productId("Samsung Galaxy A54");
        get("/products/" + id); // stores it
        HttpResponse<String> first = null;
        HttpResponse<String> second = null;
        // Two visitors inside one fresh window; a busy machine may need another try to fit both in it.
        for (int attempt = 0; attempt < 10; attempt++) {
            first = get("/products/" + id);
            second = get("/products/" + id);
            if ("HIT".equals(cache(first)) && "HIT".equals(cache(second))) {
                break;
            }
        }
        assertThat(List.of(cache(first), cache(second))).containsOnly("HIT");
        String tokenA = token(first.body());
        String tokenB = token(second.body());
        assertThat(tokenA).isNotEqualTo(tokenB);
        // Byte for byte the same page apart from the visitor's own (masked) form token.
        assertThat(first.body().replace(tokenA, "TOKEN")).isEqualTo(second.body().replace(tokenB, "TOKEN"))
                .contains("Samsung Galaxy A54");

        // Each token works with its own visitor's cookie, and not with nobody's.
        assertThat(addToCart(id, tokenA, csrfCookie(first)).statusCode()).isEqualTo(302);
        assertThat(addToCart(id, tokenB, csrfCookie(second)).statusCode()).isEqualTo(302);
        assertThat(addToCart(id, tokenA, null).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void aPriceChangeShowsOnTheStoredPageWithinASecond() throws Exception {
        long id = productId("Sony WH-1000XM5");
        assertThat(get("/products/" + id).body()).doesNotContain("৳12,345");
        assertThat(cache(get("/products/" + id))).isEqualTo("HIT");
        assertThat(cache(get("/"))).isIn("HIT", "MISS");

        execute("UPDATE products SET price = 12345.00 WHERE id = ?", id);
        Thread.sleep(COHERENCE.toMillis());

        assertThat(get("/products/" + id).body()).contains("৳12,345");
        assertThat(get("/").body()).contains("৳12,345");
    }

    @Test
    @Order(3)
    void stockShownFollowsAnOrderWithinTheCoherenceWindow() throws Exception {
        long id = productId("Kashmir Willow Cricket Bat");
        execute("UPDATE products SET stock = 7 WHERE id = ?", id);
        Thread.sleep(COHERENCE.toMillis());
        assertThat(get("/products/" + id).body()).contains("মাত্র 7টি বাকি");
        assertThat(cache(get("/products/" + id))).isEqualTo("HIT");

        buyOne(id);
        Thread.sleep(COHERENCE.toMillis());

        HttpResponse<String> page = get("/products/" + id);
        assertThat(page.body()).contains("মাত্র 6টি বাকি").doesNotContain("মাত্র 7টি বাকি");
    }

    @Test
    @Order(4)
    void aThousandCookielessPageViewsWriteNothingToRedis() throws Exception {
        long id = productId("Samsung Galaxy A54");
        Set<String> before = shop.sessionKeys();
        int hits = 0;
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> page = get(i % 2 == 0 ? "/" : "/products/" + id);
            assertThat(page.statusCode()).isEqualTo(200);
            hits += "HIT".equals(cache(page)) ? 1 : 0;
        }
        assertThat(shop.sessionKeys()).as("storefront session keys in Redis").isEqualTo(before);
        assertThat(hits).as("page views served from the stored pages").isGreaterThan(500);
    }

    @Test
    @Order(5)
    void theLastRenderedCatalogIsServedWhileTheDatabaseIsDown() throws Exception {
        assertThat(get("/").body()).contains("Samsung Galaxy A54");
        shop.takeDatabaseAway();
        try {
            awaitApiCatalog(status -> status >= 500);
            // Past the stored page's freshness, so the storefront must ask the API again (and cannot):
            // on a quiet machine the API notices the lost database sooner than a page goes stale.
            Thread.sleep(COHERENCE.toMillis());

            HttpResponse<String> page = get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(cache(page)).isEqualTo("STALE");
            assertThat(page.body()).contains("Samsung Galaxy A54");
            // A page never rendered has nothing to fall back on: the honest "unavailable" page.
            HttpResponse<String> never = get("/?search=nothing-rendered-yet");
            assertThat(never.statusCode()).isEqualTo(503);
            assertThat(never.headers().firstValue("Retry-After")).isPresent();
        } finally {
            shop.bringDatabaseBack();
        }
        awaitApiCatalog(status -> status == 200);
        Thread.sleep(COHERENCE.toMillis());
        HttpResponse<String> back = get("/");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(cache(back)).isIn("MISS", "HIT");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(shop.storefrontUrl() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> addToCart(long id, String token, String cookie) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(shop.storefrontUrl() + "/cart/items"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("productId=" + id + "&quantity=1&_csrf=" + token));
        if (cookie != null) {
            post.header("Cookie", cookie);
        }
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cache(HttpResponse<?> page) {
        return page.headers().firstValue("X-Cache").orElse("none");
    }

    private static String token(String body) {
        Matcher m = TOKEN.matcher(body);
        assertThat(m.find()).as("a CSRF form token in the page").isTrue();
        return m.group(1);
    }

    private static String csrfCookie(HttpResponse<?> page) {
        return page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("DHAKACART_CSRF="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no CSRF cookie for a new visitor"));
    }

    private static void awaitApiCatalog(java.util.function.IntPredicate wanted) throws Exception {
        int status = 0;
        for (int i = 0; i < 60; i++) {
            try {
                status = http.send(HttpRequest.newBuilder(URI.create(shop.apiUrl() + "/api/products?search=probe" + i))
                        .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException timedOut) {
                status = 599;
            }
            if (wanted.test(status)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the API's catalog never reached the expected state; last status " + status);
    }

    private static void buyOne(long productId) throws Exception {
        BigDecimal price;
        try (Connection db = shop.database();
             PreparedStatement query = db.prepareStatement("SELECT price FROM products WHERE id = ?")) {
            query.setLong(1, productId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                price = row.getBigDecimal(1);
            }
        }
        String body = """
                {"customer_name":"Nadia Islam","customer_email":"nadia@example.com","customer_phone":"01911000000",
                 "delivery_address":"Agrabad, Chattogram","total_amount":%s,
                 "items":[{"product_id":%d,"quantity":1,"price":%s}],"payment_method":"cod"}"""
                .formatted(price.toPlainString(), productId, price.toPlainString());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(shop.apiUrl() + "/api/orders"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private static long productId(String name) throws SQLException {
        try (Connection db = shop.database();
             PreparedStatement query = db.prepareStatement("SELECT id FROM products WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("sample product " + name).isTrue();
                return row.getLong(1);
            }
        }
    }

    private static void execute(String sql, long id) throws SQLException {
        try (Connection db = shop.database(); PreparedStatement update = db.prepareStatement(sql)) {
            update.setLong(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
