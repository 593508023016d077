package com.dhakacart.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The published OpenAPI description: valid OpenAPI 3.1, every route of ours, the examples clients need. */
class ApiDescriptionIT extends ApiTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;

    @Test
    void theDescriptionIsValidOpenApi31() {
        Answer description = get("/v3/api-docs");
        assertThat(description.status()).isEqualTo(200);
        assertThat(description.json().get("openapi").asText()).startsWith("3.1.");

        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(description.raw().body(), null, options);
        assertThat(parsed.getOpenAPI()).as("parsed: %s", parsed.getMessages()).isNotNull();
        assertThat(parsed.getMessages()).as("validation messages").isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion().name()).isEqualTo("V31");
    }

    @Test
    void theDescriptionListsEveryRouteTheApiServes() {
        Set<String> served = new TreeSet<>();
        routes.getHandlerMethods().forEach((mapping, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("com.dhakacart")) {
                return; // Spring's error page, springdoc's own endpoints
            }
            for (String path : mapping.getPatternValues()) {
                mapping.getMethodsCondition().getMethods().forEach(method -> served.add(method + " " + path));
            }
        });
        Set<String> described = new TreeSet<>();
        get("/v3/api-docs").json().get("paths").properties().forEach(path ->
                path.getValue().propertyNames().forEach(method ->
                        described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        assertThat(served).contains("POST /api/orders", "GET /api/products", "GET /images/products/{name}");
        assertThat(described).isEqualTo(served);
    }

    @Test
    void thePlaceOrderOperationShowsTheOriginalPayloadAnOrderAndAProblem() throws Exception {
        JsonNode post = get("/v3/api-docs").json().at("/paths/~1api~1orders/post");
        JsonNode payload = post.at("/requestBody/content/application~1json/examples/original/value");
        assertThat(payload.get("customer_phone").asText()).isEqualTo("01712345678");
        assertThat(payload.get("items").get(0).get("product_id").asInt()).isEqualTo(1);
        assertThat(post.at("/responses/201/content/application~1json/examples/placed/value/order/id").asText())
                .startsWith("DC");
        JsonNode problem = post.at("/responses/422/content/application~1problem+json/examples/invalid/value");
        assertThat(problem.get("details").get(0).asText()).startsWith("customer_phone: ");
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("customer_phone");

        // The example payload is the real thing: the API takes it (with this database's product ids).
        String body = JSON.writeValueAsString(payload).replace("\"product_id\":1,", "\"product_id\":"
                + productId("Samsung Galaxy A54") + ",").replace("\"product_id\":7,", "\"product_id\":"
                + productId("Miniket Rice 5 kg") + ",");
        assertThat(post("/api/orders", body).status()).isEqualTo(201);
    }

    @Test
    void everyAdminOperationButTheLogInNeedsTheStaffBearerToken() {
        JsonNode description = get("/v3/api-docs").json();
        assertThat(description.at("/components/securitySchemes/staffToken/scheme").asText()).isEqualTo("bearer");
        int admin = 0;
        for (var path : (Iterable<java.util.Map.Entry<String, JsonNode>>) description.get("paths").properties()::iterator) {
            if (!path.getKey().startsWith("/api/admin/")) {
                assertThat(path.getValue().toString()).as(path.getKey()).doesNotContain("staffToken");
                continue;
            }
            for (var operation : (Iterable<java.util.Map.Entry<String, JsonNode>>) path.getValue().properties()::iterator) {
                admin++;
                boolean logIn = path.getKey().equals("/api/admin/session") && operation.getKey().equals("post");
                assertThat(operation.getValue().path("security").toString()).as(operation.getKey() + " " + path.getKey())
                        .isEqualTo(logIn ? "" : "[{\"staffToken\":[]}]");
            }
        }
        assertThat(admin).isEqualTo(19);
    }

    @Test
    void swaggerUiIsServedAtDocs() {
        Answer docs = send(java.net.http.HttpRequest.newBuilder(uri("/docs")).GET().build());
        assertThat(docs.status()).isIn(200, 302);
        Answer page = get("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("swagger-ui");
    }
}
