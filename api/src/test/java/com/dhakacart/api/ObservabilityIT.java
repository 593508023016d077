package com.dhakacart.api;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What operators see: Prometheus metrics and one JSON log line per request. */
@ExtendWith(OutputCaptureExtension.class)
@AutoConfigureMetrics // @SpringBootTest turns metrics export off unless asked
class ObservabilityIT extends ApiTestSupport {

    @Test
    void exposesRequestLatencyPoolAndBusinessMetricsForPrometheus() {
        long product = newProduct("Metric Mango", "120", 10);
        get("/api/products");
        assertThat(post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":2}")).status()).isEqualTo(201);
        Answer metrics = get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        String text = metrics.raw().body();
        assertThat(text).contains("http_server_requests_seconds_bucket{")
                .contains("uri=\"/api/products\"")
                .contains("hikaricp_connections_active")
                .contains("dhakacart_orders_placed_total");
        assertThat(metricValue(text, "dhakacart_orders_placed_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(metricValue(text, "dhakacart_revenue_bdt_total")).isGreaterThanOrEqualTo(240.0);
    }

    @Test
    void logsEveryRequestAsOneJsonLineWithRouteStatusLatencyAndCustomerHash(CapturedOutput output) throws Exception {
        long product = newProduct("Logged Lungi", "800", 10);
        Answer read = send(HttpRequest.newBuilder(uri("/api/products/" + product)).header("X-Request-Id", "trace-abc-1")
                .GET().build());
        assertThat(read.header("X-Request-Id")).isEqualTo("trace-abc-1");
        post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":1}").replace("rahim@example.com",
                "Nasrin@Example.com"));
        Thread.sleep(200);
        JsonNode readLine = line(output.getOut(), "trace-abc-1");
        assertThat(readLine.get("route").asText()).isEqualTo("/api/products/{id}");
        assertThat(readLine.get("status").asText()).isEqualTo("200");
        assertThat(readLine.get("method").asText()).isEqualTo("GET");
        assertThat(Double.parseDouble(readLine.get("latency_ms").asText())).isPositive();
        String customer = com.dhakacart.api.web.Customers.hash("nasrin@example.com");
        assertThat(output.getOut()).contains("\"customer\":\"" + customer + "\"");
        assertThat(output.getOut()).doesNotContain("Nasrin@Example.com");
    }

    @Test
    void neverWritesAnOrderAccessTokenFromTheQueryStringIntoTheLog(CapturedOutput output) throws Exception {
        long product = newProduct("Secret Sandesh", "90", 10);
        JsonNode placed = post("/api/orders", order("{\"product_id\":" + product + ",\"quantity\":1}")).json().get("order");
        String token = placed.get("access_token").asText();
        Answer read = send(HttpRequest.newBuilder(uri("/api/orders/" + placed.get("id").asText() + "?token=" + token))
                .header("X-Request-Id", "token-in-query-1").GET().build());
        assertThat(read.status()).isEqualTo(200);
        Thread.sleep(200);
        assertThat(line(output.getOut(), "token-in-query-1").get("route").asText()).isEqualTo("/api/orders/{id}");
        assertThat(output.getOut()).doesNotContain(token);
    }

    private static JsonNode line(String output, String requestId) throws Exception {
        for (String line : output.split("\n")) {
            if (line.startsWith("{") && line.contains("\"request_id\":\"" + requestId + "\"")
                    && line.contains("\"route\"")) {
                return JSON.readTree(line);
            }
        }
        throw new AssertionError("no JSON request line for " + requestId);
    }

    private static double metricValue(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
