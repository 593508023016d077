package com.dhakacart.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

/** What the probes and dashboards see: liveness, readiness with the API, and the shop's own metrics. */
class StorefrontObservabilityTest extends FakeApiTestSupport {

    @BeforeEach
    @AfterEach
    void apiUp() {
        API.reset();
    }

    @Test
    void readinessFailsWhileTheApiIsDownAndRecoversByItselfWhileLivenessStaysUp() throws Exception {
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        API.setDown(true);
        assertThat(status("/actuator/health/readiness")).isEqualTo(503);
        assertThat(mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse().getContentAsString())
                .contains("\"status\":\"DOWN\"");
        assertThat(status("/actuator/health/liveness")).isEqualTo(200); // restarting would not bring the API back

        API.setDown(false);
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);
    }

    @Test
    void prometheusShowsPageLatencyApiCallsCartAdditionsAndCheckouts() throws Exception {
        double additions = metric("dhakacart_storefront_cart_additions_total\\{[^}]*\\}");
        double placed = metric("dhakacart_storefront_checkouts_total\\{[^}]*outcome=\"placed\"[^}]*\\}");

        mvc.perform(get("/"));
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/cart/items").session(session).with(csrf()).param("productId", "3").param("quantity", "1"));
        String checkout = mvc.perform(get("/checkout").session(session)).andReturn().getResponse().getContentAsString();
        Matcher key = Pattern.compile("name=\"checkoutKey\" value=\"([^\"]+)\"").matcher(checkout);
        assertThat(key.find()).as("checkout key on the page").isTrue();
        mvc.perform(post("/checkout").session(session).with(csrf()).param("name", "Salma Khatun")
                .param("phone", "01712345678").param("email", "salma@example.com")
                .param("address", "Road 1, Gulshan, Dhaka").param("checkoutKey", key.group(1)));
        API.setDown(true);
        mvc.perform(get("/"));
        API.setDown(false);

        String metrics = prometheus();
        assertThat(metrics).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/\"");
        assertThat(metrics).containsPattern(
                "dhakacart_storefront_api_requests_seconds_count\\{[^}]*operation=\"products\",outcome=\"success\"");
        assertThat(metrics).containsPattern(
                "dhakacart_storefront_api_requests_seconds_count\\{[^}]*operation=\"products\",outcome=\"unavailable\"");
        assertThat(metrics).containsPattern(
                "dhakacart_storefront_api_requests_seconds_bucket\\{[^}]*operation=\"place_order\"");
        assertThat(metric("dhakacart_storefront_cart_additions_total\\{[^}]*\\}")).isEqualTo(additions + 1);
        assertThat(metric("dhakacart_storefront_checkouts_total\\{[^}]*outcome=\"placed\"[^}]*\\}")).isEqualTo(placed + 1);
    }

    private int status(String path) throws Exception {
        return mvc.perform(get(path)).andReturn().getResponse().getStatus();
    }

    private String prometheus() throws Exception {
        return mvc.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
    }

    /** A counter's current value (0 before its first increment). */
    private double metric(String series) throws Exception {
        Matcher value = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(prometheus());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}
