package com.dhakacart.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.dhakacart.testing.SharedServices;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** A shopper's cart lives in the real Redis as JSON (no Java serialization) and comes back intact. */
// With a real web server, as in production: Spring Boot 4 applies server.servlet.session.cookie.* (the
// DHAKACART_SESSION name) to Spring Session's cookie only there, not in a mock servlet environment.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@DirtiesContext
class SessionJsonIT {

    private static final FakeShopApi API = new FakeShopApi();

    @Autowired
    MockMvc mvc;

    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("dhakacart.api.base-url", API::baseUrl);
        registry.add("spring.data.redis.url", () -> SharedServices.redis().url());
        registry.add("spring.session.data.redis.namespace", () -> "test:session-json:" + ProcessHandle.current().pid());
    }

    @Test
    void aCartIsStoredAsJsonInRedisAndReadBackOnTheNextRequest() throws Exception {
        // The real CSRF mechanism (cookie plus form field), as a browser does it; spring-security-test's csrf()
        // would keep its token in the session instead.
        MvcResult page = mvc.perform(get("/products/1")).andReturn();
        Cookie csrfCookie = page.getResponse().getCookie("DHAKACART_CSRF");
        java.util.regex.Matcher field = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page.getResponse().getContentAsString());
        assertThat(csrfCookie).isNotNull();
        assertThat(field.find()).as("the product page has a CSRF form field").isTrue();
        MvcResult added = mvc.perform(post("/cart/items").cookie(csrfCookie).param("_csrf", field.group(1))
                .param("productId", "1").param("quantity", "2")).andReturn();
        Cookie session = added.getResponse().getCookie("DHAKACART_SESSION");
        assertThat(session).as("a cart write starts a session").isNotNull();

        Set<String> keys = redis.keys("test:session-json:" + ProcessHandle.current().pid() + ":sessions:*");
        assertThat(keys).isNotEmpty();
        String key = keys.iterator().next();
        byte[] cart = redis.getConnectionFactory().getConnection().hashCommands()
                .hGet(key.getBytes(StandardCharsets.UTF_8), "sessionAttr:dhakacart.cart".getBytes(StandardCharsets.UTF_8));
        assertThat(cart).as("the cart attribute in Redis").isNotNull();
        String text = new String(cart, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{").contains("\"com.dhakacart.storefront.cart.Cart\"").contains("\"quantity\"");
        // Java serialization streams start with 0xACED; JSON never does.
        assertThat(cart[0]).isNotEqualTo((byte) 0xAC);

        String cartPage = mvc.perform(get("/cart").cookie(session).param("lang", "en")).andReturn().getResponse()
                .getContentAsString();
        assertThat(cartPage).doesNotContain("Your cart is empty").contains(API.item(1).name);
    }

    @Test
    void aSessionLeftByTheReleaseThatUsedJavaSerializationIsDroppedNotA500() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        byte[] key = ("test:session-json:" + ProcessHandle.current().pid() + ":sessions:" + id).getBytes(StandardCharsets.UTF_8);
        var jdk = new org.springframework.data.redis.serializer.JdkSerializationRedisSerializer();
        var hash = redis.getConnectionFactory().getConnection().hashCommands();
        long now = System.currentTimeMillis();
        hash.hSet(key, "creationTime".getBytes(StandardCharsets.UTF_8), jdk.serialize(now));
        hash.hSet(key, "lastAccessedTime".getBytes(StandardCharsets.UTF_8), jdk.serialize(now));
        hash.hSet(key, "maxInactiveInterval".getBytes(StandardCharsets.UTF_8), jdk.serialize(604800));
        hash.hSet(key, "sessionAttr:dhakacart.cart".getBytes(StandardCharsets.UTF_8),
                jdk.serialize(new com.dhakacart.storefront.cart.Cart(java.util.List.of())));
        Cookie old = new Cookie("DHAKACART_SESSION",
                java.util.Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8)));

        var answer = mvc.perform(get("/cart").cookie(old).param("lang", "en")).andReturn().getResponse();

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getContentAsString()).contains("Your cart is empty");
    }
}
