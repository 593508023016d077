package com.dhakacart.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Base for API integration tests: the real application on a random port, spoken to over real HTTP.
 * Subclasses say which PostgreSQL and Redis it uses (see {@link ApiTestSupport}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // one context, and so one fresh database, per test class
public abstract class ApiHttpSupport {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    /** An HTTP answer with its JSON body parsed (or null when the body is not JSON). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode json) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    protected Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** The raw body of a GET, e.g. a picture's bytes. */
    protected java.io.InputStream get(String path, HttpResponse.BodyHandler<byte[]> bytes) {
        try {
            return new java.io.ByteArrayInputStream(CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(), bytes).body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Answer post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    protected Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (tools.jackson.core.JacksonException notJson) {
                // left null: the assertion on the body will say what came back
            }
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A valid order body in the original payload, for the given product lines. */
    protected static String order(String lines) {
        return """
                {"customer_name":"Rahim Uddin","customer_email":"rahim@example.com","customer_phone":"01712345678",
                 "delivery_address":"House 12, Road 5, Dhanmondi, Dhaka","items":[%s]}""".formatted(lines);
    }

    protected long productId(String name) {
        return jdbc.sql("SELECT id FROM products WHERE name = ?").param(name).query(Long.class).single();
    }

    protected int stock(long productId) {
        return jdbc.sql("SELECT stock FROM products WHERE id = ?").param(productId).query(Integer.class).single();
    }

    protected long orderCount() {
        return jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single();
    }

    /** A product of our own, so a test's stock arithmetic does not depend on other tests. */
    protected long newProduct(String name, String price, int stock) {
        return jdbc.sql("INSERT INTO products (name, description, price, category, stock) VALUES (?, '', ?::numeric, 'Test', ?) RETURNING id")
                .params(name, price, stock).query(Long.class).single();
    }
}
