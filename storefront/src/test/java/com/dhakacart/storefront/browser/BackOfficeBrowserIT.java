package com.dhakacart.storefront.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Staff running the shop in real headless Chromium through the storefront's back office, against the real
 * API and database: an order handler takes an order from pending to delivered, a catalog manager changes a
 * price (the shop shows it at once; an order at the old price gets the API's 409), a cancel puts the stock
 * back, and the audit log names who did each step.
 */
@Tag("scenario")
class BackOfficeBrowserIT {

    private static BackOfficeShop office;
    private static Browser browser;
    private static long rice;

    @BeforeAll
    static void start() throws Exception {
        office = BackOfficeShop.get();
        browser = Browser.start();
        rice = office.decimal("SELECT id FROM products WHERE name = 'Miniket Rice 5 kg'").longValueExact();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void nobodySignedIn() {
        browser.open(office.shop.storefrontUrl() + "/assets/favicon.svg");
        browser.driver.manage().deleteAllCookies();
    }

    @Test
    void anOrderHandlerTakesAnOrderFromPendingToDelivered() throws Exception {
        String order = office.order(rice, 2, "01713000" + (100 + (int) (Math.random() * 800)));
        logIn("order_handler");
        assertThat(browser.heading()).isEqualTo("Orders");

        browser.open(office.shop.storefrontUrl() + "/admin/orders?status=pending");
        browser.clickAndWait(browser.driver.findElement(By.linkText(order)));
        assertThat(status()).isEqualTo("pending");
        for (String next : List.of("confirmed", "packed", "shipped", "delivered")) {
            // Exactly the allowed next steps are offered (plus cancel while it is allowed).
            assertThat(offered()).contains(next).doesNotContain("pending");
            browser.clickAndWait(browser.driver.findElement(By.cssSelector("button[data-next='" + next + "']")));
            assertThat(status()).isEqualTo(next);
            assertThat(browser.text()).contains("Order " + order + " is now " + next);
        }
        assertThat(offered()).isEmpty();
        assertThat(office.text("SELECT status FROM orders WHERE id = ?", order)).isEqualTo("delivered");
        String history = browser.driver.findElement(By.cssSelector("[data-testid=status-history]")).getText();
        assertThat(history).contains("Confirmed").contains("Packed").contains("Shipped").contains("Delivered")
                .contains(office.emails.get("order_handler"));
        browser.screenshot("backoffice-order", 1200);
    }

    @Test
    void aCatalogManagersNewPriceShowsInTheShopAtOnceAnOrderAtTheOldPriceIsRefusedAndANewPictureIsTaken() throws Exception {
        long coffee = office.decimal("SELECT id FROM products WHERE name = 'Nescafe Classic 100 g'").longValueExact();
        BigDecimal old = office.decimal("SELECT price FROM products WHERE id = ?", coffee);
        BigDecimal raised = old.add(new BigDecimal("35"));
        // The anonymous product page is in the storefront's page cache before the change.
        String productPage = office.shop.storefrontUrl() + "/products/" + coffee + "?lang=en";
        anonymousPage(productPage);
        assertThat(anonymousPage(productPage)).contains(taka(old));

        logIn("catalog_manager");
        browser.open(office.shop.storefrontUrl() + "/admin/products/" + coffee);
        browser.type("Price (৳)", raised.toPlainString());
        browser.clickAndWait(browser.button("Save"));
        assertThat(browser.text()).contains("is saved.");

        assertThat(anonymousPage(productPage)).contains(taka(raised)).doesNotContain(taka(old));

        // A new picture through the multipart form (its CSRF token included) reaches the API.
        String pictureBefore = office.text("SELECT coalesce(image_url, '') FROM products WHERE id = ?", coffee);
        java.nio.file.Path png = java.nio.file.Path.of("target", "backoffice-picture.png").toAbsolutePath();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png.toFile());
        browser.driver.findElement(By.id("picture")).sendKeys(png.toString());
        browser.clickAndWait(browser.button("Upload"));
        assertThat(browser.text()).contains("is saved.");
        assertThat(office.text("SELECT coalesce(image_url, '') FROM products WHERE id = ?", coffee))
                .isNotEmpty().isNotEqualTo(pictureBefore);
        HttpResponse<String> stale = office.placeOrder(coffee, 1, old, "01714000" + (100 + (int) (Math.random() * 800)));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        assertThat(office.decimal("SELECT count(*) FROM order_items WHERE product_id = ?", coffee)).isZero();
    }

    @Test
    void cancellingAnOrderPutsItsStockBackAndTheAuditLogNamesWhoDidEachStep() throws Exception {
        long drink = office.decimal("SELECT id FROM products WHERE name = 'Pran Frooto Mango Drink 1 L'").longValueExact();
        int before = office.decimal("SELECT stock FROM products WHERE id = ?", drink).intValueExact();
        String order = office.order(drink, 3, "01715000" + (100 + (int) (Math.random() * 800)));
        assertThat(office.decimal("SELECT stock FROM products WHERE id = ?", drink).intValueExact()).isEqualTo(before - 3);

        logIn("order_handler");
        browser.open(office.shop.storefrontUrl() + "/admin/orders/" + order);
        browser.clickAndWait(browser.button("Mark as Confirmed"));
        browser.type("Reason for cancelling", "customer called to cancel");
        browser.clickAndWait(browser.button("Cancel the order"));
        assertThat(status()).isEqualTo("cancelled");

        browser.open(office.shop.storefrontUrl() + "/admin/products?search=Frooto");
        WebElement row = browser.driver.findElement(By.cssSelector("tr[data-product='" + drink + "']"));
        assertThat(row.findElement(By.cssSelector("[data-testid=stock]")).getText()).isEqualTo(String.valueOf(before));
        assertThat(anonymousPage(office.shop.storefrontUrl() + "/products/" + drink + "?lang=en"))
                .contains(before > 10 ? "In stock" : "Only " + before + " left");

        browser.open(office.shop.storefrontUrl() + "/admin/audit?targetType=order&targetId=" + order);
        List<WebElement> entries = browser.driver.findElements(By.cssSelector("[data-testid=audit-rows] tbody tr"));
        assertThat(entries).hasSize(2);
        String handler = office.emails.get("order_handler");
        // Newest first: the cancel with its reason, then the confirmation; both by the order handler.
        assertThat(entries.get(0).getText()).contains("order.status").contains(handler).contains("cancelled")
                .contains("customer called to cancel");
        assertThat(entries.get(1).getText()).contains("order.status").contains(handler).contains("confirmed");
        browser.screenshot("backoffice-audit", 1200);
    }

    private void logIn(String role) {
        browser.open(office.shop.storefrontUrl() + "/admin/login?lang=en");
        browser.type("Email", office.emails.get(role));
        browser.type("Password", office.password(role));
        browser.clickAndWait(browser.button("Log in"));
        assertThat(browser.driver.findElement(By.cssSelector("[data-testid=staff-who]")).getText())
                .contains(office.emails.get(role));
    }

    private String status() {
        return browser.driver.findElement(By.cssSelector("[data-testid=order-status]")).getDomAttribute("data-status");
    }

    private List<String> offered() {
        return browser.driver.findElements(By.cssSelector("button[data-next]")).stream()
                .map(b -> b.getDomAttribute("data-next")).toList();
    }

    /** The page as a visitor without cookies gets it (from the storefront's page cache when it has it). */
    private static String anonymousPage(String url) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    private static String taka(BigDecimal amount) {
        return new com.dhakacart.storefront.web.Taka().format(amount);
    }
}
