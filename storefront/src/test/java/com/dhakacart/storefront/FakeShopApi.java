package com.dhakacart.storefront;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny in-process stand-in for the DhakaCart API with the same JSON shapes, for the fast *Test
 * tier: it prices and stocks orders like the real one (409 on a wrong price or too little stock) and
 * can play dead. The browser tests use the real API instead.
 */
public final class FakeShopApi implements AutoCloseable {

    /** A product the fake sells; price and stock can be changed by a test. */
    public static final class Item {
        final long id;
        final String name;
        final String category;
        volatile BigDecimal price;
        volatile int stock;

        Item(long id, String name, String category, String price, int stock) {
            this.id = id;
            this.name = name;
            this.category = category;
            this.price = new BigDecimal(price);
            this.stock = stock;
        }
    }

    /** One POST /api/orders the fake received, with its Idempotency-Key. */
    public record Received(String idempotencyKey, String clientToken, JsonNode body) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<Long, Item> items = new LinkedHashMap<>();
    private final Map<String, ObjectNode> ordersByKey = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> orders = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    /** Every request path the fake answered, in order: lets tests count a page's API calls. */
    public final List<String> requested = new CopyOnWriteArrayList<>();
    /** Each request as "path X-Forwarded-For" (the header's value, or "-"), in order. */
    public final List<String> forwardedFor = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private final java.util.concurrent.atomic.AtomicInteger busyOrders = new java.util.concurrent.atomic.AtomicInteger();

    public FakeShopApi() {
        add(new Item(1, "Samsung Galaxy A54", "Electronics", "35990", 25));
        add(new Item(2, "Walton Refrigerator 252 L", "Home Appliances", "100000", 3));
        add(new Item(3, "Miniket Rice 5 kg", "Groceries", "420", 200));
        add(new Item(4, "Sold Out Saree", "Clothing", "12500", 0));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    private void add(Item item) {
        items.put(item.id, item);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Item item(long id) {
        return items.get(id);
    }

    /** While down, every connection is dropped without an answer, as if the API had crashed. */
    public void setDown(boolean down) {
        this.down = down;
    }

    /** The next {@code orders} order requests are answered as the real API does when its checkout queue is full. */
    public void busyFor(int orders) {
        busyOrders.set(orders);
    }

    public int orderCount() {
        return orders.size();
    }

    public void reset() {
        received.clear();
        requested.clear();
        forwardedFor.clear();
        orders.clear();
        ordersByKey.clear();
        down = false;
        busyOrders.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down) {
                return; // close without a response
            }
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
            forwardedFor.add(path + " " + (forwarded == null ? "-" : forwarded));
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (path.equals("/api/admin/session")) { // the only admin answer faked: a refused log-in, as the contract has it
                send(exchange, 401, problem("Wrong email or password"));
            } else if (path.equals("/health/ready")) {
                send(exchange, 200, json.createObjectNode().put("status", "UP"));
            } else if (path.equals("/api/products")) {
                ArrayNode data = json.createArrayNode();
                items.values().stream()
                        .filter(i -> query.get("category") == null || i.category.equals(query.get("category")))
                        .filter(i -> query.get("search") == null
                                || i.name.toLowerCase().contains(query.get("search").toLowerCase()))
                        .forEach(i -> data.add(product(i)));
                ObjectNode body = json.createObjectNode();
                body.set("data", data);
                body.putObject("page").put("number", 1).put("size", 12).put("total_elements", data.size())
                        .put("total_pages", 1);
                send(exchange, 200, body);
            } else if (path.startsWith("/api/products/")) {
                Item item = items.get(parse(path.substring("/api/products/".length())));
                if (item == null) {
                    send(exchange, 404, problem("Product not found"));
                } else {
                    ObjectNode body = json.createObjectNode();
                    body.set("data", product(item));
                    send(exchange, 200, body);
                }
            } else if (path.equals("/api/categories")) {
                ObjectNode body = json.createObjectNode();
                ArrayNode data = body.putArray("data");
                items.values().stream().map(i -> i.category).distinct().sorted().forEach(data::add);
                send(exchange, 200, body);
            } else if (path.equals("/api/orders") && exchange.getRequestMethod().equals("POST")) {
                placeOrder(exchange);
            } else if (path.startsWith("/api/orders/")) {
                ObjectNode order = orders.get(path.substring("/api/orders/".length()));
                String token = exchange.getRequestHeaders().getFirst("X-Order-Token");
                boolean allowed = order != null && ((token != null
                        && token.equals(order.path("access_token").asText()))
                        || (query.get("phone") != null && query.get("phone").equals(order.path("customer_phone").asText())));
                if (allowed) {
                    ObjectNode body = json.createObjectNode();
                    ObjectNode copy = order.deepCopy();
                    copy.remove("access_token");
                    body.set("data", copy);
                    send(exchange, 200, body);
                } else {
                    send(exchange, 404, problem("Order not found"));
                }
            } else {
                send(exchange, 404, problem("Not found"));
            }
        }
    }

    private synchronized void placeOrder(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        received.add(new Received(key, exchange.getRequestHeaders().getFirst("X-Client-Token"), body));
        if (busyOrders.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.getResponseHeaders().set("Retry-After", "3");
            send(exchange, 503, problem("Too many shoppers; try again")
                    .put("type", "https://dhakacart.com/problems/checkout-busy").put("retry_after_seconds", 3));
            return;
        }
        if (key != null && ordersByKey.containsKey(key)) {
            send(exchange, 201, json.createObjectNode().put("message", "Order already placed")
                    .set("order", ordersByKey.get(key)));
            return;
        }
        BigDecimal total = BigDecimal.ZERO;
        List<Runnable> decrements = new ArrayList<>();
        ArrayNode lines = json.createArrayNode();
        for (JsonNode line : body.path("items")) {
            Item item = items.get(line.path("product_id").asLong());
            int quantity = line.path("quantity").asInt();
            if (item.stock < quantity) {
                send(exchange, 409, problem("Insufficient stock for " + item.name).put("available", item.stock));
                return;
            }
            if (item.price.compareTo(line.path("price").decimalValue()) != 0) {
                send(exchange, 409, problem("Prices changed"));
                return;
            }
            total = total.add(item.price.multiply(BigDecimal.valueOf(quantity)));
            decrements.add(() -> item.stock -= quantity);
            lines.addObject().put("product_id", item.id).put("product_name", item.name).put("quantity", quantity)
                    .put("price", item.price);
        }
        if (total.compareTo(body.path("total_amount").decimalValue()) != 0) {
            send(exchange, 409, problem("Total does not match"));
            return;
        }
        decrements.forEach(Runnable::run);
        String id = "DC-TEST" + (orders.size() + 1);
        ObjectNode order = json.createObjectNode().put("id", id).put("access_token", "token-" + id)
                .put("status", "pending").put("total_amount", total)
                .put("customer_name", body.path("customer_name").asText())
                .put("customer_phone", body.path("customer_phone").asText())
                .put("delivery_address", body.path("delivery_address").asText())
                .put("payment_method", "cod").put("created_at", "2026-11-27T01:00:00Z");
        order.set("items", lines);
        orders.put(id, order);
        if (key != null) {
            ordersByKey.put(key, order);
        }
        send(exchange, 201, json.createObjectNode().put("message", "Order placed successfully").set("order", order));
    }

    private ObjectNode product(Item item) {
        return json.createObjectNode().put("id", item.id).put("name", item.name)
                .put("description", "About " + item.name).put("price", item.price).put("category", item.category)
                .put("stock", item.stock).put("image_url", "/images/products/x.jpg")
                .put("created_at", "2026-11-27T00:00:00Z");
    }

    private ObjectNode problem(String error) {
        return json.createObjectNode().put("title", error).put("detail", error).put("error", error);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }
}
