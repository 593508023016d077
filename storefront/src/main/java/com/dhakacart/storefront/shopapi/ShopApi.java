package com.dhakacart.storefront.shopapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront's only way to the shop's data: the DhakaCart API over HTTP. Every network failure,
 * timeout or 5xx becomes {@link ApiUnavailable}; a missing thing is an empty Optional.
 */
@Component
public class ShopApi {

    private static final String JSON = "application/json";

    private final URI base;
    private final ShopApiSettings settings;
    private final HttpClient http;
    // The API speaks snake_case (the original DhakaCart names); the storefront's records use Java names.
    // Jackson 3 has java.time built in and writes dates as ISO text by default; an explicit null for a
    // primitive reads as 0, as it did with Jackson 2, rather than failing a page over a field it may not use.
    private final ObjectMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final MeterRegistry metrics;

    public ShopApi(ShopApiSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.metrics = metrics;
        String url = settings.baseUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        // HTTP/1.1 keep-alive: the API is on plain HTTP, where an HTTP/2 upgrade attempt only adds a round trip.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ProductPage products(ProductQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("category", query.category());
        params.put("search", query.search());
        params.put("sort", query.sort());
        params.put("page", query.page());
        params.put("size", query.size());
        Reply reply = send(get("api/products" + UrlParts.query(params)));
        return reply.expectOk().read(ProductPage.class, json);
    }

    public Optional<Product> product(long id) {
        Reply reply = send(get("api/products/" + id));
        if (reply.status == 404) {
            return Optional.empty();
        }
        return Optional.of(json.convertValue(reply.expectOk().tree(json).path("data"), Product.class));
    }

    /** Several products at once, fetched in parallel; ids the API does not know are simply absent. */
    public Map<Long, Product> products(Collection<Long> ids) {
        Map<Long, CompletableFuture<Reply>> pending = new LinkedHashMap<>();
        for (Long id : ids) {
            pending.put(id, sendAsync(get("api/products/" + id)));
        }
        Map<Long, Product> found = new LinkedHashMap<>();
        for (Map.Entry<Long, CompletableFuture<Reply>> entry : pending.entrySet()) {
            Reply reply = await(entry.getValue());
            if (reply.status != 404) {
                found.put(entry.getKey(), json.convertValue(reply.expectOk().tree(json).path("data"), Product.class));
            }
        }
        return found;
    }

    public List<String> categories() {
        JsonNode data = send(get("api/categories")).expectOk().tree(json).path("data");
        List<String> categories = new ArrayList<>();
        data.forEach(node -> categories.add(node.asText()));
        return categories;
    }

    /**
     * Places an order. The idempotency key makes a repeated submit (double click, retry after a
     * timeout) return the first order instead of creating a second one. {@code clientToken} stands
     * for the shopper (an opaque value derived from their session).
     */
    public Order placeOrder(NewOrder order, String idempotencyKey, String clientToken) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(order);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise order", e);
        }
        HttpRequest request = forShopper(base.resolve("api/orders"))
                .header("Content-Type", JSON)
                .header("Accept", JSON)
                .header("Idempotency-Key", idempotencyKey)
                // Every shopper reaches the API from this one address; the token lets its rate limit
                // count each shopper separately instead of all of them as one client.
                .header("X-Client-Token", clientToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Reply reply = send(request);
        if (reply.status == 200 || reply.status == 201) {
            return readOrder(reply.tree(json));
        }
        if (reply.status >= 400 && reply.status < 500) {
            JsonNode problem = reply.treeOrEmpty(json);
            String error = problem.path("error").asText(problem.path("detail").asText(""));
            throw new OrderRejected(reply.status, error, problem);
        }
        if (reply.status == 503) {
            JsonNode problem = reply.treeOrEmpty(json);
            if (problem.path("type").asText("").endsWith("/checkout-busy")) {
                // Bounded to 1..30 s: the waiting room retries by itself and must neither spin nor stall.
                throw new CheckoutBusy(Math.clamp(problem.path("retry_after_seconds").asInt(2), 1, 30));
            }
        }
        throw reply.unavailable();
    }

    /**
     * A product picture from the API, revalidated with the browser's If-None-Match; empty when the API has
     * no such picture. The storefront serves pictures from its own origin, so relative {@code image_url}s
     * work and the page needs no other origin in its Content-Security-Policy.
     */
    public Optional<Picture> picture(String name, String ifNoneMatch) {
        HttpRequest.Builder request = forShopper(base.resolve("images/products/" + UrlParts.segment(name))).GET();
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            request.header("If-None-Match", ifNoneMatch);
        }
        Reply reply = await(sendAsync(request.build()));
        if (reply.status == 404 || reply.status == 400) {
            return Optional.empty();
        }
        if (reply.status != 304) {
            reply.expectOk();
        }
        return Optional.of(new Picture(reply.status == 304, reply.body,
                reply.header("Content-Type"), reply.header("ETag"), reply.header("Cache-Control")));
    }

    /** A picture as the API answered it: its bytes, or "not modified" for the browser's copy. */
    public record Picture(boolean notModified, byte[] bytes, String contentType, String etag, String cacheControl) {
    }

    /**
     * The order, if the token is the one the API handed out when it was placed. Sent as the X-Order-Token
     * header, not in the URL, so no log or proxy on the way records it.
     */
    public Optional<Order> order(String orderId, String accessToken) {
        if (orderId == null || orderId.isBlank() || accessToken == null || accessToken.isBlank()) {
            return Optional.empty();
        }
        HttpRequest request = forShopper(base.resolve("api/orders/" + UrlParts.segment(orderId.strip())))
                .header("Accept", JSON)
                .header("X-Order-Token", accessToken)
                .GET()
                .build();
        Reply reply = send(request);
        if (reply.status == 404 || reply.status == 400 || reply.status == 422) {
            return Optional.empty();
        }
        return Optional.of(readOrder(reply.expectOk().tree(json)));
    }

    /** The order, if the phone number is the one the customer gave when placing it. */
    public Optional<Order> orderByPhone(String orderId, String phone) {
        return orderWhere(orderId, "phone", phone);
    }

    private Optional<Order> orderWhere(String orderId, String param, String value) {
        if (orderId == null || orderId.isBlank() || value == null || value.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> params = Map.of(param, value);
        Reply reply = send(get("api/orders/" + UrlParts.segment(orderId.strip()) + UrlParts.query(params)));
        if (reply.status == 404 || reply.status == 400 || reply.status == 422) {
            return Optional.empty();
        }
        return Optional.of(readOrder(reply.expectOk().tree(json)));
    }

    private Order readOrder(JsonNode root) {
        // POST answers {"message","order":{…}}; GET may answer the order itself or wrapped in "data".
        JsonNode node = root.has("order") ? root.get("order") : root.has("data") ? root.get("data") : root;
        return json.convertValue(node, Order.class);
    }

    /**
     * A request on behalf of the browser this thread serves: its address goes along as X-Forwarded-For
     * (the API believes it only from addresses in its DHAKACART_TRUSTED_PROXIES, i.e. from us).
     */
    private HttpRequest.Builder forShopper(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.readTimeout());
        ShopperAddress.current().ifPresent(address -> request.header("X-Forwarded-For", address));
        return request;
    }

    private HttpRequest get(String path) {
        return forShopper(base.resolve(path))
                .header("Accept", JSON)
                .GET()
                .build();
    }

    private Reply send(HttpRequest request) {
        return await(sendAsync(request));
    }

    private CompletableFuture<Reply> sendAsync(HttpRequest request) {
        Timer.Sample started = Timer.start(metrics);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, failure) -> started.stop(Timer.builder("dhakacart.storefront.api.requests")
                        .description("Calls to the shop API: latency, by operation and outcome")
                        .tag("operation", operation(request)).tag("outcome", outcome(response, failure))
                        .publishPercentileHistogram()
                        .register(metrics)))
                .thenApply(response -> new Reply(request.uri(), response.statusCode(), response.body(),
                        response.headers()));
    }

    /** The status of the API's readiness check (200 when it can sell); throws ApiUnavailable when unreachable. */
    public int readiness() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("health/ready"))
                .timeout(settings.connectTimeout()).GET().build();
        return send(request).status;
    }

    /** A few names for the API's routes, so the metric has a handful of series, not one per product. */
    private static String operation(HttpRequest request) {
        String path = request.uri().getPath();
        if (path.startsWith("/api/orders")) {
            return request.method().equals("POST") ? "place_order" : "order";
        }
        if (path.startsWith("/api/products/")) {
            return "product";
        }
        if (path.startsWith("/api/products")) {
            return "products";
        }
        if (path.startsWith("/api/categories")) {
            return "categories";
        }
        if (path.startsWith("/images/")) {
            return "picture";
        }
        return path.startsWith("/health") ? "health" : "other";
    }

    private static String outcome(HttpResponse<?> response, Throwable failure) {
        if (response == null || failure != null) {
            return "unavailable";
        }
        int status = response.statusCode();
        return status < 400 ? "success" : status < 500 ? "client_error" : "server_error";
    }

    private static Reply await(CompletableFuture<Reply> reply) {
        try {
            return reply.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ApiUnavailable("the shop API did not answer: " + cause, cause);
        }
    }

    /** One raw answer from the API. */
    private record Reply(URI uri, int status, byte[] body, java.net.http.HttpHeaders headers) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        Reply expectOk() {
            if (status >= 200 && status < 300) {
                return this;
            }
            if (status >= 500 || status == 429) {
                throw unavailable();
            }
            throw new IllegalStateException("the shop API refused " + uri.getPath() + " with " + status);
        }

        ApiUnavailable unavailable() {
            return new ApiUnavailable("the shop API answered " + status + " for " + uri.getPath(), null);
        }

        JsonNode tree(ObjectMapper json) {
            try {
                return json.readTree(body);
            } catch (JacksonException e) {
                throw new ApiUnavailable("the shop API sent unreadable JSON for " + uri.getPath(), e);
            }
        }

        JsonNode treeOrEmpty(ObjectMapper json) {
            try {
                JsonNode node = json.readTree(body);
                return node == null ? json.createObjectNode() : node;
            } catch (JacksonException e) {
                return json.createObjectNode();
            }
        }

        <T> T read(Class<T> type, ObjectMapper json) {
            try {
                return json.readValue(body, type);
            } catch (JacksonException e) {
                throw new ApiUnavailable("the shop API sent unreadable JSON for " + uri.getPath(), e);
            }
        }
    }
}
