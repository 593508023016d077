package com.dhakacart.storefront.backoffice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.dhakacart.storefront.FakeApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The back office's door and the storefront's X-Forwarded-For, with the real filters and templates and a
 * fake shop API (which knows no admin endpoints: the real ones are in BackOfficePagesIT and
 * BackOfficeBrowserIT).
 */
class BackOfficeDoorTest extends FakeApiTestSupport {

    private static final RequestPostProcessor FROM_SHOPPER = request -> {
        request.setRemoteAddr("203.0.113.7");
        return request;
    };

    @BeforeEach
    void freshApi() {
        API.reset();
    }

    @Test
    void anAnonymousVisitorIsSentToTheLogInPageAndNothingIsCached() throws Exception {
        MockHttpServletResponse orders = mvc.perform(get("/admin/orders")).andReturn().getResponse();
        assertThat(orders.getStatus()).isEqualTo(302);
        assertThat(orders.getRedirectedUrl()).isEqualTo("/admin/login");
        assertThat(orders.getHeader("Cache-Control")).isEqualTo("no-store");

        var login = mvc.perform(get("/admin/login").param("lang", "en")).andReturn();
        assertThat(login.getResponse().getStatus()).isEqualTo(200);
        assertThat(login.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(login.getResponse().getContentAsString()).contains("Staff log-in").contains("name=\"_csrf\"");
        // Whether it costs a session is shown with the real Spring Session in BackOfficePagesIT: here, once any
        // test used spring-security-test's csrf(), the shared context keeps CSRF tokens in the session.
        assertThat(API.requested).isEmpty();
    }

    @Test
    void aLogInPostedWithoutItsCsrfTokenIsRefusedBeforeTheApiIsAsked() throws Exception {
        MockHttpServletResponse refused = mvc.perform(post("/admin/login")
                .param("email", "owner@example.com").param("password", "whatever")).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(API.requested).isEmpty();
    }

    @Test
    void aRefusedLogInShowsOneGenericMessageAndKeepsNoSession() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String oldId = session.getId();
        var refused = mvc.perform(post("/admin/login").session(session).with(csrf()).with(FROM_SHOPPER)
                .param("lang", "en").param("email", "nobody@example.com").param("password", "guess")).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(401);
        assertThat(refused.getResponse().getContentAsString()).contains("Wrong email or password.");
        assertThat(session.getAttribute(StaffSession.ATTRIBUTE)).isNull();
        assertThat(session.getId()).isEqualTo(oldId);
        assertThat(API.forwardedFor).containsExactly("/api/admin/session 203.0.113.7");
    }

    @Test
    void everyCallToTheApiCarriesTheBrowsersAddressAsXForwardedFor() throws Exception {
        mvc.perform(get("/").with(FROM_SHOPPER));
        mvc.perform(get("/products/1").with(FROM_SHOPPER));
        MockHttpSession cart = new MockHttpSession();
        mvc.perform(post("/cart/items").session(cart).with(csrf()).with(FROM_SHOPPER)
                .param("productId", "3").param("quantity", "1"));

        assertThat(API.forwardedFor).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(" 203.0.113.7"));
        assertThat(API.forwardedFor).contains("/api/products 203.0.113.7", "/api/products/1 203.0.113.7",
                "/api/products/3 203.0.113.7");
    }
}
