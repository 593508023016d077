package com.dhakacart.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The original DhakaCart React frontend, unchanged, against this API: what it sends and what it must be
 * able to read. Cross-origin access here at the HTTP level; StorefrontBrowserIT does it in Chromium.
 */
@TestPropertySource(properties = "dhakacart.cors.origins=http://shop.example:3000, https://dhakacart.example/")
class OriginalClientIT extends ApiTestSupport {

    private static final String FRONTEND = "http://shop.example:3000";

    @Test
    void aPreflightFromAListedOriginAllowsTheOrderPostWithEveryHeaderTheClientsSend() {
        Answer preflight = preflight(FRONTEND, "POST",
                "content-type,idempotency-key,x-client-token,x-order-token");
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(FRONTEND);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("GET").contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("content-type", "idempotency-key", "x-client-token", "x-order-token");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
        // A trailing slash in the setting is forgiven: origins never have one.
        assertThat(preflight("https://dhakacart.example", "GET", "content-type").status()).isEqualTo(200);
    }

    @Test
    void aListedOriginReadsTheCatalogAndTheHeadersItNeedsButNeverAWildcard() {
        Answer catalog = send(HttpRequest.newBuilder(uri("/api/products")).header("Origin", FRONTEND).GET().build());
        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.json().get("data")).hasSize(15);
        assertThat(catalog.header("Access-Control-Allow-Origin")).isEqualTo(FRONTEND);
        assertThat(catalog.header("Access-Control-Expose-Headers")).contains("Retry-After").contains("ETag");
        assertThat(catalog.header("Vary")).contains("Origin");
    }

    @Test
    void anOriginNotOnTheListIsRefusedWithAProblemAndGetsNoCorsHeaders() {
        long orders = orderCount();
        Answer preflight = preflight("http://evil.example", "POST", "content-type");
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Content-Type")).startsWith("application/problem+json");
        assertThat(preflight.json().get("error").asText()).contains("DHAKACART_CORS_ORIGINS");

        Answer post = post("/api/orders", order("{\"product_id\":" + productId("Miniket Rice 5 kg") + ",\"quantity\":1}"),
                "Origin", "http://evil.example");
        assertThat(post.status()).isEqualTo(403);
        assertThat(orderCount()).isEqualTo(orders);
        // A header the API does not accept is refused too, even from a listed origin.
        assertThat(preflight(FRONTEND, "POST", "x-something-else").status()).isEqualTo(403);
        assertThat(preflight(FRONTEND, "DELETE", "content-type").status()).isEqualTo(403);
    }

    private Answer preflight(String origin, String method, String headers) {
        return send(HttpRequest.newBuilder(uri("/api/orders"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .build());
    }
}
