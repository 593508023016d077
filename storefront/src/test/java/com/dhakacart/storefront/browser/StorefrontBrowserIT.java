package com.dhakacart.storefront.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A shopper in real headless Chromium buying from the real shop: the API jar on PostgreSQL and
 * Redis, the storefront in front of it. About 30 s, most of it starting the API and the browser.
 */
@Tag("scenario")
class StorefrontBrowserIT {

    private static RealShop shop;
    private static Browser browser;
    // Two more origins for the cross-origin test: the API allows the first only.
    private static final int LISTED_ORIGIN_PORT = OtherOriginPage.reservePort();
    private static final int UNLISTED_ORIGIN_PORT = OtherOriginPage.reservePort();

    @BeforeAll
    static void startShopAndBrowser() throws Exception {
        shop = RealShop.start(StorefrontBrowserIT.class,
                java.util.Map.of("DHAKACART_CORS_ORIGINS", "http://127.0.0.1:" + LISTED_ORIGIN_PORT));
        try {
            browser = Browser.start();
        } catch (Exception | Error e) {
            shop.close();
            throw e;
        }
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (shop != null) {
                shop.close();
            }
        }
    }

    @BeforeEach
    void newShopper() {
        // A new shopper: no cart, no language choice.
        browser.open(shop.storefrontUrl() + "/assets/favicon.svg");
        browser.driver.manage().deleteAllCookies();
    }

    @Test
    void aShopperBrowsesFiltersSearchesBuysAndFindsTheOrderAgain() throws Exception {
        // Bangla first, as the original shop.
        browser.open(shop.storefrontUrl() + "/");
        assertThat(browser.heading()).isEqualTo("সব পণ্য");
        assertThat(browser.text()).contains("15টি পণ্য").contains("৳35,990").contains("৳62,500");
        browser.screenshot("catalog-bn", 1500);

        // The visible switch, then English stays chosen.
        browser.clickAndWait(browser.driver.findElement(By.linkText("English")));
        browser.open(shop.storefrontUrl() + "/");
        assertThat(browser.heading()).isEqualTo("All products");
        assertThat(browser.text()).contains("15 products");
        assertThat(cards()).hasSize(12);
        assertEveryPictureShows(12);
        browser.screenshot("catalog", 1500);
        browser.assertFitsPhoneWidth("catalog-phone");

        // Filter by category: picking it applies at once.
        WebElement category = browser.field("Category");
        WebElement page = browser.driver.findElement(By.tagName("html"));
        new Select(category).selectByVisibleText("Electronics");
        browser.waitFor(d -> isStale(page));
        assertThat(browser.heading()).isEqualTo("Electronics");
        assertThat(cardNames()).containsExactlyInAnyOrder("Samsung Galaxy A54", "HP Laptop 15s", "Sony WH-1000XM5");

        // Search within it, and add the one result from the catalog.
        browser.type("Search", "Sony");
        browser.clickAndWait(browser.button("Search"));
        assertThat(cardNames()).containsExactly("Sony WH-1000XM5");
        browser.clickAndWait(card("Sony WH-1000XM5").findElement(By.xpath(".//button[normalize-space()='Add to cart']")));
        assertThat(browser.text()).contains("Sony WH-1000XM5 was added to your cart.").contains("Cart (1)");

        // A Bangla search finds rice by its description; add two from its page.
        browser.clickAndWait(browser.driver.findElement(By.linkText("Clear filters")));
        browser.type("Search", "চাল");
        browser.clickAndWait(browser.button("Search"));
        assertThat(cardNames()).containsExactly("Miniket Rice 5 kg");
        browser.clickAndWait(browser.driver.findElement(By.linkText("Miniket Rice 5 kg")));
        assertThat(browser.text()).contains("৳420");
        assertEveryPictureShows(1);
        browser.type("Quantity", "2");
        browser.clickAndWait(browser.button("Add to cart"));

        // In the cart: change a quantity.
        assertThat(browser.heading()).isEqualTo("Your cart");
        assertThat(total("cart-total")).isEqualTo("৳42,840");
        assertEveryPictureShows(2);
        WebElement riceLine = cartLine("Miniket Rice 5 kg");
        WebElement quantity = riceLine.findElement(By.name("quantity"));
        quantity.clear();
        quantity.sendKeys("3");
        browser.clickAndWait(riceLine.findElement(By.xpath(".//button[normalize-space()='Update']")));
        assertThat(total("cart-total")).isEqualTo("৳43,260");
        assertThat(browser.text()).contains("Cart (4)");
        browser.assertFitsPhoneWidth("cart-phone");

        // Checkout, cash on delivery.
        browser.clickAndWait(browser.driver.findElement(By.linkText("Checkout")));
        assertThat(total("checkout-total")).isEqualTo("৳43,260");
        browser.assertFitsPhoneWidth("checkout-phone");
        browser.type("Name", "Rahima Begum");
        browser.type("Phone", "01712-345678");
        browser.type("Email", "rahima@example.com");
        browser.type("Address", "House 7, Road 3, Dhanmondi, Dhaka 1205");
        browser.clickAndWait(browser.button("Place order"));

        assertThat(browser.heading()).isEqualTo("Thank you! Your order is placed");
        String orderNumber = browser.driver.findElement(By.cssSelector("[data-testid=order-number]")).getText();
        assertThat(orderNumber).isNotBlank();
        assertThat(total("order-total")).isEqualTo("৳43,260");
        assertThat(browser.text()).contains("3 × Miniket Rice 5 kg").contains("1 × Sony WH-1000XM5");
        browser.screenshot("confirmation", 1000);

        // The order is in the database, at the right total.
        try (Connection db = shop.database()) {
            assertThat(queryDecimal(db, "SELECT total_amount FROM orders WHERE id = ?", orderNumber))
                    .isEqualByComparingTo("43260");
            assertThat(queryDecimal(db, "SELECT sum(quantity) FROM order_items WHERE order_id = ?", orderNumber))
                    .isEqualByComparingTo("4");
            assertThat(queryDecimal(db, "SELECT count(*) FROM orders WHERE customer_email = ?", "rahima@example.com"))
                    .isEqualByComparingTo("1");
        }

        // Anyone with the number and the phone finds it; a wrong phone finds nothing.
        browser.open(shop.storefrontUrl() + "/");
        browser.clickAndWait(browser.driver.findElement(By.linkText("Find my order")));
        browser.type("Order number", orderNumber);
        browser.type("Phone", "01799999999");
        browser.clickAndWait(browser.button("Find order"));
        assertThat(browser.text()).contains("No order matches that order number and phone.");
        browser.type("Phone", "01712345678");
        browser.clickAndWait(browser.button("Find order"));
        assertThat(browser.heading()).isEqualTo("Your order");
        assertThat(browser.driver.findElement(By.cssSelector("[data-testid=order-number]")).getText())
                .isEqualTo(orderNumber);
        assertThat(total("order-total")).isEqualTo("৳43,260");
    }

    @Test
    void askingForMoreThanTheStockSaysHowManyAreLeftAndNoOrderIsMade() throws Exception {
        browser.open(shop.storefrontUrl() + "/?lang=en");

        // More than the shelf holds, straight from the product page.
        long fridge = productId("Walton Refrigerator 252 L");
        int fridgeStock = stock(fridge);
        browser.open(shop.storefrontUrl() + "/products/" + fridge);
        browser.type("Quantity", String.valueOf(fridgeStock + 1));
        browser.clickAndWait(browser.button("Add to cart"));
        assertThat(browser.text()).contains("Sorry, only " + fridgeStock + " of Walton Refrigerator 252 L in stock");
        assertThat(browser.text()).contains("Cart (0)");

        // Enough stock when added, but another buyer takes it before "Place order".
        long tv = productId("Vision 43\" Smart LED TV");
        int tvStock = stock(tv);
        browser.open(shop.storefrontUrl() + "/products/" + tv);
        browser.type("Quantity", "2");
        browser.clickAndWait(browser.button("Add to cart"));
        browser.clickAndWait(browser.driver.findElement(By.linkText("Checkout")));
        browser.type("Name", "Karim Ahmed");
        browser.type("Phone", "01811223344");
        browser.type("Email", "karim@example.com");
        browser.type("Address", "Flat 4B, Agrabad, Chattogram");
        buyDirectlyFromApi(tv, tvStock - 1);

        browser.clickAndWait(browser.button("Place order"));

        String problem = browser.driver.findElement(By.cssSelector("[data-testid=checkout-problem]")).getText();
        assertThat(problem).contains("Sorry, there is not enough stock, so no order was placed.")
                .contains("Vision 43\" Smart LED TV: you asked for 2, only 1 in stock.");
        assertThat(browser.heading()).isEqualTo("Checkout");
        try (Connection db = shop.database()) {
            assertThat(queryDecimal(db, "SELECT count(*) FROM orders WHERE customer_email = ?", "karim@example.com"))
                    .isEqualByComparingTo("0");
        }
        assertThat(stock(tv)).isEqualTo(1);
        assertThat(stock(fridge)).isEqualTo(fridgeStock);
    }

    @Test
    void aFrontendOnAListedOriginReadsTheCatalogAndOrdersCrossOriginAndAnUnlistedOneIsRefused() throws Exception {
        try (OtherOriginPage listed = OtherOriginPage.serve(LISTED_ORIGIN_PORT, shop.apiUrl());
             OtherOriginPage unlisted = OtherOriginPage.serve(UNLISTED_ORIGIN_PORT, shop.apiUrl())) {
            browser.open(listed.url());
            browser.waitLongFor(d -> !pageResult("order").equals("pending"));
            assertThat(pageResult("catalog")).isEqualTo("products: 15");
            assertThat(pageResult("order")).startsWith("201 DC");
            String orderNumber = pageResult("order").substring(4);
            try (Connection db = shop.database()) {
                assertThat(queryDecimal(db, "SELECT count(*) FROM orders WHERE id = ? AND customer_email = ?",
                        orderNumber, "nusrat@example.com")).isEqualByComparingTo("1");
            }

            browser.open(unlisted.url());
            browser.waitLongFor(d -> !pageResult("order").equals("pending"));
            // The browser hides the refused answer from the script: fetch itself fails.
            assertThat(pageResult("catalog")).startsWith("failed: TypeError");
            assertThat(pageResult("order")).isEqualTo("skipped");
        }
    }

    @Test
    void theApiDescriptionRendersInSwaggerUi() {
        browser.open(shop.apiUrl() + "/docs");
        browser.waitFor(d -> !d.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
        List<String> paths = browser.driver.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .map(WebElement::getText).toList();
        assertThat(paths).contains("/api/orders", "/api/products", "/api/products/{id}", "/images/products/{name}");
        assertThat(browser.text()).contains("DhakaCart API");
    }

    /**
     * Every product picture on the page really shows: loaded and decoded (naturalWidth > 0), with alt text
     * and several widths to choose from, loaded lazily. Scrolls first, as lazy pictures wait for that.
     */
    private void assertEveryPictureShows(int pictures) {
        browser.driver.executeScript("window.scrollTo(0, document.body.scrollHeight)");
        browser.waitFor(d -> (Boolean) d.executeScript(
                "return Array.from(document.querySelectorAll('img')).every(i => i.complete)"));
        List<WebElement> images = browser.driver.findElements(By.tagName("img"));
        assertThat(images).hasSize(pictures);
        for (WebElement image : images) {
            String src = image.getDomProperty("currentSrc");
            assertThat(((Number) browser.driver.executeScript("return arguments[0].naturalWidth", image)).intValue())
                    .as("picture %s loaded", src).isPositive();
            assertThat(image.getDomAttribute("alt")).as(src).isNotBlank();
            assertThat(image.getDomAttribute("srcset")).as(src).contains(" 640w");
            assertThat(image.getDomAttribute("loading")).isEqualTo("lazy");
        }
        browser.driver.executeScript("window.scrollTo(0, 0)");
    }

    private String pageResult(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    @Test
    void cookielessPageViewsCreateNoSessionAndNoRedisKeys() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.util.Set<String> before = shop.sessionKeys();
        String[] paths = {"/", "/products/1", "/?category=Electronics", "/cart"};
        // A crawler's 10,000 page views, 8 at a time: each one a new visitor without cookies.
        try (var crawler = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            java.util.List<java.util.concurrent.Future<?>> views = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String path = paths[i % paths.length];
                views.add(crawler.submit(() -> {
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(shop.storefrontUrl() + path))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).as(path).isEqualTo(200);
                    if (!path.equals("/cart")) {
                        assertThat(page.body()).as(path + " still has CSRF-protected forms").contains("name=\"_csrf\"");
                    }
                    assertThat(page.headers().allValues("Set-Cookie")).as(path)
                            .noneMatch(cookie -> cookie.startsWith("DHAKACART_SESSION="));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> view : views) {
                view.get();
            }
        }
        assertThat(shop.sessionKeys()).as("Redis session keys after 10,000 cookieless page views")
                .containsExactlyInAnyOrderElementsOf(before);
    }

    /** Benchmark (run by bench/storefront-catalog-page.sh): the page over HTTP beside its API calls. */
    @Test
    @Tag("bench")
    void measuresACatalogPageOverHttpBesideItsApiCalls() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // A returning shopper: the session cookie makes each page load (and touch) its Redis session.
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(shop.storefrontUrl() + "/?lang=en"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookies = String.join("; ", first.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.substring(0, cookie.indexOf(';'))).toList());
        HttpRequest page = HttpRequest.newBuilder(URI.create(shop.storefrontUrl() + "/")).header("Cookie", cookies).build();
        HttpRequest products = HttpRequest.newBuilder(URI.create(shop.apiUrl() + "/api/products?size=12")).build();
        HttpRequest categories = HttpRequest.newBuilder(URI.create(shop.apiUrl() + "/api/categories")).build();

        Timings.measure(200, () -> http.send(page, HttpResponse.BodyHandlers.ofString())); // warm up both JITs
        Timings.measure(200, () -> http.send(products, HttpResponse.BodyHandlers.ofString()));
        Timings.Result api = Timings.measure(300, () -> {
            http.send(products, HttpResponse.BodyHandlers.discarding());
            http.send(categories, HttpResponse.BodyHandlers.discarding());
        });
        Timings.Result storefront = Timings.measure(300, () -> {
            HttpResponse<String> answer = http.send(page, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        });

        double overhead = storefront.medianMillis() - api.medianMillis();
        System.out.printf("catalog page: median %.2f ms, p90 %.2f ms; its API calls one after the other: "
                        + "median %.2f ms, p90 %.2f ms; overhead %.2f ms%n", storefront.medianMillis(),
                storefront.p90Millis(), api.medianMillis(), api.p90Millis(), overhead);
        assertThat(storefront.medianMillis()).isPositive();
    }

    private void buyDirectlyFromApi(long productId, int quantity) throws Exception {
        BigDecimal price = queryDecimal(shop.database(), "SELECT price FROM products WHERE id = ?", productId);
        String body = """
                {"customer_name":"Other Buyer","customer_email":"other@example.com","customer_phone":"01911000000",
                 "delivery_address":"Sylhet Sadar, Sylhet","total_amount":%s,
                 "items":[{"product_id":%d,"quantity":%d,"price":%s}],"payment_method":"cod"}"""
                .formatted(price.multiply(BigDecimal.valueOf(quantity)).toPlainString(), productId, quantity,
                        price.toPlainString());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(shop.apiUrl() + "/api/orders"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private List<WebElement> cards() {
        return browser.driver.findElements(By.cssSelector("li.card"));
    }

    private List<String> cardNames() {
        return cards().stream().map(card -> card.findElement(By.tagName("h2")).getText()).toList();
    }

    private WebElement card(String name) {
        return browser.driver.findElement(By.xpath("//li[contains(@class,'card')][.//h2[normalize-space()='" + name + "']]"));
    }

    private WebElement cartLine(String name) {
        return browser.driver.findElement(By.xpath(
                "//li[contains(@class,'cart-line')][.//a[normalize-space()='" + name + "']]"));
    }

    private String total(String testId) {
        return browser.driver.findElement(By.cssSelector("[data-testid=" + testId + "]")).getText();
    }

    private static boolean isStale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        }
    }

    private long productId(String name) throws SQLException {
        try (Connection db = shop.database()) {
            return queryDecimal(db, "SELECT id FROM products WHERE name = ?", name).longValueExact();
        }
    }

    private int stock(long productId) throws SQLException {
        try (Connection db = shop.database()) {
            return queryDecimal(db, "SELECT stock FROM products WHERE id = ?", productId).intValueExact();
        }
    }

    private static BigDecimal queryDecimal(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as(sql).isTrue();
                return row.getBigDecimal(1);
            }
        }
    }

    static {
        // Screenshots land here; the directory is created even if the first test fails early.
        try {
            Files.createDirectories(Path.of("target", "screenshots"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
