package com.dhakacart.storefront.backoffice;

import com.dhakacart.storefront.shopapi.ApiUnavailable;
import com.dhakacart.storefront.shopapi.ShopApiSettings;
import com.dhakacart.storefront.shopapi.ShopperAddress;
import com.dhakacart.storefront.shopapi.UrlParts;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The storefront's client for the admin REST API ({@code /api/admin/...}). Every call but the log-in
 * carries the staff member's bearer token, and every call their browser's address as X-Forwarded-For (the
 * API's log-in limits and audit log see the person, not the storefront). The API's answers become:
 * 401 → {@link StaffSignedOut}, 403 → {@link StaffForbidden}, other 4xx → {@link AdminApiRefused} with the
 * problem's words, 5xx or no answer → {@link ApiUnavailable}.
 */
@Component
public class AdminApi {

    private static final String JSON = "application/json";

    private final URI base;
    private final ShopApiSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // as ShopApi: as Jackson 2 read them
            .build();
    private final SecureRandom random = new SecureRandom();

    public AdminApi(ShopApiSettings settings) {
        this.settings = settings;
        String url = settings.baseUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    // --- session ---

    /** Logs in; the API answers an unknown email exactly as a wrong password, and so does this. */
    public StaffSession logIn(String email, String password) {
        ObjectNode body = json.createObjectNode().put("email", email).put("password", password);
        Reply reply = send(sendingJson("api/admin/session", null, "POST", body));
        if (reply.status == 429) {
            throw new LoginRefused(LoginRefused.Reason.LOCKED_OUT);
        }
        if (reply.status == 401 || reply.status == 400 || reply.status == 422) { // 400/422: not an email at all
            throw new LoginRefused(LoginRefused.Reason.WRONG_CREDENTIALS);
        }
        JsonNode data = reply.expectOk().data(json);
        StaffAccount staff = convert(data.path("staff"), StaffAccount.class);
        String token = data.path("token").asText("");
        if (token.isEmpty()) {
            throw new ApiUnavailable("the admin API answered a log-in without a token", null);
        }
        java.time.Instant expires = data.hasNonNull("expires_at")
                ? java.time.OffsetDateTime.parse(data.get("expires_at").asText()).toInstant() : null;
        return new StaffSession(token, expires, staff.id(), staff.email(), staff.name(), staff.role(),
                staff.mustChangePassword());
    }

    /** Revokes the token; a token the API no longer knows is logged out already. */
    public void logOut(StaffSession staff) {
        Reply reply = send(request("api/admin/session", staff).DELETE());
        if (reply.status != 401) {
            reply.expectOk();
        }
    }

    public void changePassword(StaffSession staff, String current, String next) {
        ObjectNode body = json.createObjectNode().put("current_password", current).put("new_password", next);
        send(sendingJson("api/admin/me/password", staff, "POST", body)).expectOk();
    }

    // --- products ---

    public Listing<AdminProduct> products(StaffSession staff, String search, int page) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("search", search);
        params.put("page", page);
        params.put("size", 50);
        return listing(send(request("api/admin/products" + UrlParts.query(params), staff).GET()), AdminProduct.class);
    }

    public AdminProduct product(StaffSession staff, long id) {
        return data(send(request("api/admin/products/" + id, staff).GET()), AdminProduct.class);
    }

    public AdminProduct createProduct(StaffSession staff, ProductChanges product, int stock) {
        ObjectNode body = json.valueToTree(product);
        body.put("stock", stock);
        return data(send(sendingJson("api/admin/products", staff, "POST", body)), AdminProduct.class);
    }

    public AdminProduct updateProduct(StaffSession staff, long id, ProductChanges changes) {
        ObjectNode body = json.valueToTree(changes);
        body.properties().removeIf(field -> field.getValue().isNull()); // a PATCH names only what changes
        return data(send(sendingJson("api/admin/products/" + id, staff, "PATCH", body)), AdminProduct.class);
    }

    public AdminProduct adjustStock(StaffSession staff, long id, int delta, String reason) {
        ObjectNode body = json.createObjectNode().put("delta", delta).put("reason", reason);
        return data(send(sendingJson("api/admin/products/" + id + "/stock-adjustments", staff, "POST", body)),
                AdminProduct.class);
    }

    /** Uploads a picture as the multipart form field {@code picture}, as the API takes it. */
    public AdminProduct uploadPicture(StaffSession staff, long id, String filename, String contentType, byte[] bytes) {
        String boundary = "dhakacart-" + HexFormat.of().formatHex(randomBytes());
        ByteArrayOutputStream body = new ByteArrayOutputStream(bytes.length + 512);
        String safeName = filename == null ? "picture" : filename.replaceAll("[^A-Za-z0-9._-]", "_");
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"picture\"; filename=\""
                + safeName + "\"\r\nContent-Type: " + (contentType == null ? "application/octet-stream" : contentType)
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = request("api/admin/products/" + id + "/picture", staff)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return data(send(request), AdminProduct.class);
    }

    // --- orders and customers ---

    public Listing<OrderSummary> orders(StaffSession staff, OrderFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("status", filter.status());
        params.put("from", filter.from());
        params.put("to", filter.to());
        params.put("phone", filter.phone());
        params.put("page", filter.page());
        params.put("size", 50);
        return listing(send(request("api/admin/orders" + UrlParts.query(params), staff).GET()), OrderSummary.class);
    }

    public AdminOrder order(StaffSession staff, String id) {
        return data(send(request("api/admin/orders/" + UrlParts.segment(id), staff).GET()), AdminOrder.class);
    }

    public AdminOrder moveOrder(StaffSession staff, String id, String status, String reason) {
        ObjectNode body = json.createObjectNode().put("status", status);
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason);
        }
        return data(send(sendingJson("api/admin/orders/" + UrlParts.segment(id) + "/status", staff, "POST", body)),
                AdminOrder.class);
    }

    public StaleCancellation cancelStale(StaffSession staff, int olderThanMinutes, boolean dryRun) {
        ObjectNode body = json.createObjectNode().put("older_than_minutes", olderThanMinutes).put("dry_run", dryRun);
        return data(send(sendingJson("api/admin/orders/cancel-stale", staff, "POST", body)),
                StaleCancellation.class);
    }

    public Listing<OrderSummary> customerOrders(StaffSession staff, String phone) {
        return listing(send(request("api/admin/customers/" + UrlParts.segment(phone) + "/orders", staff).GET()),
                OrderSummary.class);
    }

    // --- audit and staff ---

    public Listing<AuditEntry> audit(StaffSession staff, String targetType, String targetId, int page) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("target_type", targetType);
        params.put("target_id", targetId);
        params.put("page", page);
        params.put("size", 100);
        return listing(send(request("api/admin/audit" + UrlParts.query(params), staff).GET()), AuditEntry.class);
    }

    public Listing<StaffAccount> staff(StaffSession staff) {
        return listing(send(request("api/admin/staff", staff).GET()), StaffAccount.class);
    }

    public StaffCreated createStaff(StaffSession staff, String email, String name, String role) {
        ObjectNode body = json.createObjectNode().put("email", email).put("name", name).put("role", role);
        return data(send(sendingJson("api/admin/staff", staff, "POST", body)), StaffCreated.class);
    }

    // --- plumbing ---

    private HttpRequest.Builder request(String path, StaffSession staff) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(settings.readTimeout())
                .header("Accept", JSON);
        if (staff != null) {
            request.header("Authorization", "Bearer " + staff.token());
        }
        ShopperAddress.current().ifPresent(address -> request.header("X-Forwarded-For", address));
        return request;
    }

    private HttpRequest.BodyPublisher jsonBody(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private HttpRequest.Builder sendingJson(String path, StaffSession staff, String method, JsonNode body) {
        return request(path, staff).header("Content-Type", JSON).method(method, jsonBody(body));
    }

    private <T> T data(Reply reply, Class<T> type) {
        return convert(reply.expectOk().data(json), type);
    }

    private <T> Listing<T> listing(Reply reply, Class<T> type) {
        JavaType listing = json.getTypeFactory().constructParametricType(Listing.class, type);
        JsonNode root = reply.expectOk().root(json);
        if (root.isArray()) { // tolerate a bare list
            ObjectNode wrapped = json.createObjectNode();
            wrapped.set("data", root);
            root = wrapped;
        }
        try {
            return json.convertValue(root, listing);
        } catch (IllegalArgumentException e) {
            throw new ApiUnavailable("the admin API sent an unexpected list for " + reply.uri.getPath(), e);
        }
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return json.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new ApiUnavailable("the admin API sent an unexpected " + type.getSimpleName(), e);
        }
    }

    private Reply send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(built.uri(), response.statusCode(), response.body());
        } catch (IOException e) {
            throw new ApiUnavailable("the admin API did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailable("interrupted while waiting for the admin API", e);
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One raw answer from the API. */
    private record Reply(URI uri, int status, byte[] body) {

        Reply expectOk() {
            if (status >= 200 && status < 300) {
                return this;
            }
            if (status >= 500) {
                throw new ApiUnavailable("the admin API answered " + status + " for " + uri.getPath(), null);
            }
            JsonNode problem = problem();
            String title = problem.path("title").asText("");
            String detail = problem.path("detail").asText("");
            if (status == 401) {
                throw new StaffSignedOut(title);
            }
            if (status == 403) {
                String words = (title + " " + detail).toLowerCase(java.util.Locale.ROOT);
                throw new StaffForbidden(title, words.contains("one-time password") || words.contains("change your"));
            }
            throw new AdminApiRefused(status, title.isBlank() ? "HTTP " + status : title, detail, problem);
        }

        JsonNode root(ObjectMapper json) {
            if (body.length == 0) {
                return json.createObjectNode();
            }
            try {
                return json.readTree(body);
            } catch (JacksonException e) {
                throw new ApiUnavailable("the admin API sent unreadable JSON for " + uri.getPath(), e);
            }
        }

        JsonNode data(ObjectMapper json) {
            JsonNode root = root(json);
            return root.has("data") ? root.get("data") : root;
        }

        private JsonNode problem() {
            try {
                JsonNode node = new ObjectMapper().readTree(body);
                return node == null ? new ObjectMapper().createObjectNode() : node;
            } catch (JacksonException e) {
                return new ObjectMapper().createObjectNode();
            }
        }
    }
}
