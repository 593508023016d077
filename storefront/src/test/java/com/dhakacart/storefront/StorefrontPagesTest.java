package com.dhakacart.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * The storefront's pages, forms and failure pages against a fake API, with the real security filters
 * and templates but sessions in memory (no Redis process: this is the fast tier).
 */
class StorefrontPagesTest extends FakeApiTestSupport {

    @BeforeEach
    void freshApi() {
        API.reset();
        API.item(1).price = new BigDecimal("35990");
        API.item(1).stock = 25;
        API.item(2).stock = 3;
    }

    @Test
    void catalogIsInBanglaByDefaultWithLakhGroupedPrices() throws Exception {
        MockHttpServletResponse page = perform(get("/"));

        assertThat(page.getStatus()).isEqualTo(200);
        String html = page.getContentAsString();
        assertThat(html).contains("<html lang=\"bn\"").contains("কার্টে যোগ করুন").contains("খুঁজুন");
        assertThat(html).contains("৳1,00,000").contains("৳35,990");
        assertThat(html).contains("Samsung Galaxy A54").contains("Walton Refrigerator 252 L");
    }

    @Test
    void englishIsChosenWithLangAndRememberedOnTheNextPage() throws Exception {
        MockHttpServletResponse switched = perform(get("/").param("lang", "en"));
        Cookie remembered = switched.getCookie("dhakacart_lang");
        assertThat(remembered).isNotNull();
        assertThat(switched.getContentAsString()).contains("<html lang=\"en\"").contains("Add to cart");

        String next = perform(get("/products/1").cookie(remembered)).getContentAsString();

        assertThat(next).contains("Add to cart").contains(">Quantity</label>").contains("বাংলা");
    }

    @Test
    void everyFormThatPostsCarriesACsrfToken() throws Exception {
        MockHttpSession session = new MockHttpSession();
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "1").param("quantity", "1"));
        for (String path : new String[] {"/", "/products/1", "/cart", "/checkout", "/orders/lookup"}) {
            String html = perform(get(path).session(session)).getContentAsString();
            Matcher forms = Pattern.compile("<form[^>]*method=\"post\"[^>]*>(.*?)</form>", Pattern.DOTALL).matcher(html);
            int count = 0;
            while (forms.find()) {
                count++;
                assertThat(forms.group(1)).as("a form on " + path).contains("name=\"_csrf\"");
            }
            assertThat(count).as("post forms on " + path).isPositive();
        }
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedWithAFriendlyPageAndChangesNothing() throws Exception {
        MockHttpSession session = new MockHttpSession();
        MockHttpServletResponse refused = perform(post("/cart/items").session(session)
                .param("productId", "1").param("quantity", "1").param("lang", "en"));

        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(perform(get("/cart").session(session).param("lang", "en")).getContentAsString())
                .contains("Your cart is empty");
    }

    @Test
    void everyPageCarriesTheSecurityHeadersAndHstsOnlyOverTls() throws Exception {
        MockHttpServletResponse plain = perform(get("/"));
        assertThat(plain.getHeader("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(plain.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(plain.getHeader("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
        assertThat(plain.getHeader("Strict-Transport-Security")).isNull();

        MockHttpServletResponse tls = perform(get("/").secure(true));
        assertThat(tls.getHeader("Strict-Transport-Security")).contains("max-age=31536000");
    }

    @Test
    void whatTheShopperTypesIsEscapedNotExecuted() throws Exception {
        String html = perform(get("/").param("search", "<script>alert(1)</script>")).getContentAsString();

        assertThat(html).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void aMissingProductOrPageIsAFriendly404() throws Exception {
        for (String path : new String[] {"/products/999", "/products/not-a-number", "/no/such/page"}) {
            MockHttpServletResponse page = perform(get(path).param("lang", "en"));
            assertThat(page.getStatus()).as(path).isEqualTo(404);
            assertThat(page.getContentAsString()).as(path).contains("Page not found").doesNotContain("Exception")
                    .containsPattern("/assets/css/shop-[0-9a-f]{32}\\.css");
        }
    }

    @Test
    void whenTheApiIsDownTheShopperGetsA503PageNotAStackTrace() throws Exception {
        API.setDown(true);

        for (String path : new String[] {"/", "/products/1"}) {
            MockHttpServletResponse page = perform(get(path).param("lang", "en"));
            assertThat(page.getStatus()).as(path).isEqualTo(503);
            assertThat(page.getContentAsString()).as(path).contains("The shop is not answering right now")
                    .doesNotContain("Exception").doesNotContain("at com.");
        }
    }

    @Test
    void placingAnOrderSendsTheShownPricesWithAnIdempotencyKeyAndShowsTheConfirmation() throws Exception {
        MockHttpSession session = new MockHttpSession();
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "1").param("quantity", "2"));
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "2").param("quantity", "1"));
        String key = checkoutKey(perform(get("/checkout").session(session)).getContentAsString());

        MockHttpServletResponse placed = perform(checkout(session, key));

        assertThat(placed.getRedirectedUrl()).isEqualTo("/orders/DC-TEST1?placed");
        assertThat(API.received).hasSize(1);
        FakeShopApi.Received order = API.received.getFirst();
        assertThat(order.idempotencyKey()).isEqualTo(key);
        assertThat(order.clientToken()).isNotBlank();
        assertThat(order.body().path("total_amount").decimalValue()).isEqualByComparingTo("171980");
        assertThat(order.body().path("payment_method").asText()).isEqualTo("cod");
        String confirmation = perform(get("/orders/DC-TEST1").param("placed", "").param("lang", "en").session(session))
                .getContentAsString();
        assertThat(confirmation).contains("Thank you").contains("DC-TEST1").contains("৳1,71,980");
        assertThat(perform(get("/cart").session(session).param("lang", "en")).getContentAsString())
                .contains("Your cart is empty");
    }

    @Test
    void submittingTheSameCheckoutFormTwicePlacesOneOrder() throws Exception {
        MockHttpSession session = new MockHttpSession();
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "3").param("quantity", "1"));
        String key = checkoutKey(perform(get("/checkout").session(session)).getContentAsString());

        String first = perform(checkout(session, key)).getRedirectedUrl();
        String second = perform(checkout(session, key)).getRedirectedUrl();

        assertThat(second).isEqualTo("/orders/DC-TEST1");
        assertThat(first).startsWith("/orders/DC-TEST1");
        assertThat(API.orderCount()).isEqualTo(1);
    }

    @Test
    void whenCheckoutIsBusyTheShopperWaitsInARoomThatSendsTheSameOrderAgainByItself() throws Exception {
        MockHttpSession session = new MockHttpSession();
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "3").param("quantity", "2"));
        String key = checkoutKey(perform(get("/checkout").session(session)).getContentAsString());
        API.busyFor(1);

        MockHttpServletResponse waiting = perform(checkout(session, key));

        assertThat(waiting.getStatus()).isEqualTo(503);
        assertThat(waiting.getHeader("Retry-After")).isEqualTo("3");
        String room = waiting.getContentAsString();
        assertThat(room).contains("data-testid=\"waiting-room\"").contains("data-retry-after=\"3\"")
                .contains("Nothing has been ordered");
        assertThat(checkoutKey(room)).as("the room resends the same order").isEqualTo(key);
        assertThat(room).contains("value=\"House 12, Road 5, Dhanmondi, Dhaka\"").contains("name=\"_csrf\"");
        assertThat(API.orderCount()).isZero();

        MockHttpServletResponse placed = perform(checkout(session, key)); // what the room's script submits
        assertThat(placed.getRedirectedUrl()).isEqualTo("/orders/DC-TEST1?placed");
        assertThat(API.orderCount()).isEqualTo(1);
        assertThat(API.received).extracting(FakeShopApi.Received::idempotencyKey).containsOnly(key);
    }

    @Test
    void aPriceThatChangedBeforeCheckoutIsShownAndPlacedOnlyAfterTheShopperConfirms() throws Exception {
        MockHttpSession session = new MockHttpSession();
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "1").param("quantity", "1"));
        String key = checkoutKey(perform(get("/checkout").session(session)).getContentAsString());
        API.item(1).price = new BigDecimal("33990");

        MockHttpServletResponse refused = perform(checkout(session, key));

        assertThat(refused.getStatus()).isEqualTo(200);
        assertThat(refused.getContentAsString()).contains("Some prices changed")
                .contains("The price of Samsung Galaxy A54 changed from ৳35,990 to ৳33,990");
        assertThat(API.orderCount()).isZero();
        String confirmKey = checkoutKey(refused.getContentAsString());
        assertThat(confirmKey).isNotEqualTo(key);

        MockHttpServletResponse confirmed = perform(checkout(session, confirmKey));

        assertThat(confirmed.getRedirectedUrl()).startsWith("/orders/");
        assertThat(API.received.getLast().body().path("total_amount").decimalValue()).isEqualByComparingTo("33990");
    }

    @Test
    void askingForMoreThanTheStockSaysHowManyAreLeftAndAddsNothing() throws Exception {
        MockHttpSession session = new MockHttpSession();
        MockHttpServletResponse refused = perform(post("/cart/items").session(session).with(csrf())
                .param("productId", "2").param("quantity", "5"));

        assertThat(refused.getRedirectedUrl()).isEqualTo("/products/2");
        String productPage = perform(get("/products/2").session(session).param("lang", "en")).getContentAsString();
        assertThat(productPage).contains("Sorry, only 3 of Walton Refrigerator 252 L in stock");
        assertThat(perform(get("/cart").session(session).param("lang", "en")).getContentAsString())
                .contains("Your cart is empty");
    }

    @Test
    void checkoutFieldsAreCheckedNextToTheFieldInTheShoppersLanguage() throws Exception {
        MockHttpSession session = new MockHttpSession();
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "3").param("quantity", "1"));
        String key = checkoutKey(perform(get("/checkout").session(session)).getContentAsString());

        String html = perform(post("/checkout").session(session).with(csrf()).param("lang", "en")
                .param("name", "").param("phone", "12345").param("email", "nope").param("address", "Road 1, Dhaka")
                .param("checkoutKey", key)).getContentAsString();

        assertThat(html).contains("Please enter your name.").contains("Please enter a valid phone number")
                .contains("valid email address");
        assertThat(API.received).isEmpty();
    }

    @Test
    void aDhakaLandlineIsAcceptedAtCheckoutAndSentAsWritten() throws Exception {
        MockHttpSession session = new MockHttpSession();
        perform(post("/cart/items").session(session).with(csrf()).param("productId", "3").param("quantity", "1"));
        String key = checkoutKey(perform(get("/checkout").session(session)).getContentAsString());

        perform(post("/checkout").session(session).with(csrf()).param("lang", "en")
                .param("name", "Salma Khatun").param("phone", "02-9876543").param("email", "salma@example.com")
                .param("address", "Road 1, Gulshan, Dhaka").param("checkoutKey", key));

        assertThat(API.received).hasSize(1);
        assertThat(API.received.getFirst().body().path("customer_phone").asText()).isEqualTo("02-9876543");
    }

    @Test
    void staticAssetsHaveContentHashedUrlsAndAreCachedForAYear() throws Exception {
        String html = perform(get("/")).getContentAsString();
        Matcher css = Pattern.compile("href=\"(/assets/css/shop-[0-9a-f]{32}\\.css)\"").matcher(html);
        assertThat(css.find()).as("versioned stylesheet link").isTrue();

        MockHttpServletResponse asset = perform(get(css.group(1)));

        assertThat(asset.getStatus()).isEqualTo(200);
        assertThat(asset.getHeader("Cache-Control")).contains("max-age=31536000").contains("public");
    }

    private RequestBuilder checkout(MockHttpSession session, String key) {
        return post("/checkout").session(session).with(csrf()).param("lang", "en")
                .param("name", "Rahim Uddin").param("phone", "01712-345678").param("email", "rahim@example.com")
                .param("address", "House 12, Road 5, Dhanmondi, Dhaka").param("checkoutKey", key);
    }

    private static String checkoutKey(String html) {
        Matcher key = Pattern.compile("name=\"checkoutKey\" value=\"([^\"]+)\"").matcher(html);
        assertThat(key.find()).as("checkout key field").isTrue();
        return key.group(1);
    }

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }
}
