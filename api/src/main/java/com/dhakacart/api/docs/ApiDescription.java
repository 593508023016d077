package com.dhakacart.api.docs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Completes the generated OpenAPI description with what the code does not say by itself: the catalog
 * answers pre-rendered JSON and orders use the original client's payload, so their shapes are given here
 * as examples (the original order payload, an order answer, a problem), and every error is problem+json.
 */
@Configuration
class ApiDescription {

    static final String PROBLEM = "application/problem+json";

    /**
     * Schemas in the API's own snake_case, as Jackson writes them. Swagger's model reader is still built on
     * Jackson 2 (the API itself writes with Jackson 3), so it gets its own copy of Swagger's mapper with the
     * same naming rule as spring.jackson.property-naming-strategy.
     */
    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenApiCustomizer originalClientExamples(ObjectMapper json) {
        return api -> {
            api.info(new Info().title("DhakaCart API").version("1")
                    .description("The shop's REST API: the original DhakaCart paths, snake_case fields, the "
                            + "{\"data\":…} envelope and RFC 9457 problems that also carry `error` and, for invalid "
                            + "fields, `details` (strings) and `errors` ({field, message}). See docs/api.md."));
            api.getComponents().addSchemas("Problem", new Schema<>().type("object")
                    .addProperty("type", new Schema<>().type("string").format("uri"))
                    .addProperty("title", new Schema<>().type("string"))
                    .addProperty("status", new Schema<>().type("integer"))
                    .addProperty("detail", new Schema<>().type("string"))
                    .addProperty("error", new Schema<>().type("string"))
                    .addProperty("details", new Schema<>().type("array").items(new Schema<>().type("string")))
                    .addProperty("errors", new Schema<>().type("array").items(new Schema<>().type("object")
                            .addProperty("field", new Schema<>().type("string"))
                            .addProperty("message", new Schema<>().type("string")))));
            // The back office's endpoints take the bearer token from POST /api/admin/session.
            api.getComponents().addSecuritySchemes("staffToken", new io.swagger.v3.oas.models.security.SecurityScheme()
                    .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("A staff session token from POST /api/admin/session (see ADMIN-API.md and docs/api.md)"));
            api.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/admin/")) {
                    item.readOperationsMap().forEach((method, operation) -> {
                        boolean logIn = path.equals("/api/admin/session")
                                && method == io.swagger.v3.oas.models.PathItem.HttpMethod.POST;
                        if (!logIn) {
                            operation.addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement()
                                    .addList("staffToken"));
                        }
                        operation.addTagsItem("admin");
                    });
                }
            });
            var orders = api.getPaths().get("/api/orders");
            if (orders != null && orders.getPost() != null) {
                describePlaceOrder(orders.getPost(), json);
            }
            var products = api.getPaths().get("/api/products");
            if (products != null && products.getGet() != null) {
                products.getGet().getResponses().addApiResponse("200", new ApiResponse()
                        .description("A page of products").content(new Content().addMediaType("application/json",
                                new MediaType().addExamples("catalog", example(json, "A page of the catalog", PRODUCTS)))));
            }
        };
    }

    private static void describePlaceOrder(Operation post, ObjectMapper json) {
        post.summary("Place an order (the original payload; prices are checked, never trusted)");
        post.requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                new MediaType().schema(post.getRequestBody() == null ? null
                                : post.getRequestBody().getContent().get("application/json").getSchema())
                        .addExamples("original", example(json, "The original DhakaCart client's payload", ORDER_PAYLOAD)))));
        ApiResponses responses = post.getResponses() == null ? new ApiResponses() : post.getResponses();
        responses.remove("200");
        responses.addApiResponse("201", new ApiResponse().description("Placed (or replayed for the same Idempotency-Key)")
                .content(new Content().addMediaType("application/json", new MediaType()
                        .addExamples("placed", example(json, "The order, with its access token", ORDER_ANSWER)))));
        Content problem = new Content().addMediaType(PROBLEM, new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/Problem"))
                .addExamples("invalid", example(json, "Invalid fields", VALIDATION_PROBLEM)));
        responses.addApiResponse("400", new ApiResponse().description("Malformed JSON or a wrong type").content(problem));
        responses.addApiResponse("404", new ApiResponse().description("An unknown product_id").content(problem));
        responses.addApiResponse("409", new ApiResponse().description("Changed prices or not enough stock").content(problem));
        responses.addApiResponse("422", new ApiResponse().description("Invalid fields").content(problem));
        responses.addApiResponse("429", new ApiResponse().description("Too many orders; see Retry-After").content(problem));
        post.responses(responses);
    }

    private static Example example(ObjectMapper json, String summary, String value) {
        try {
            return new Example().summary(summary).value(json.readValue(value, Map.class));
        } catch (JacksonException e) {
            throw new IllegalStateException("an example in ApiDescription is not JSON", e);
        }
    }

    static final String ORDER_PAYLOAD = """
            {"customer_name":"Rahim Uddin","customer_email":"rahim@example.com","customer_phone":"01712345678",
             "delivery_address":"House 12, Road 5, Dhanmondi, Dhaka","total_amount":36830,"payment_method":"cod",
             "items":[{"product_id":1,"quantity":1,"price":35990},{"product_id":7,"quantity":2,"price":420}]}""";

    static final String ORDER_ANSWER = """
            {"message":"Order placed successfully","order":{"id":"DC7K3M9Q2XWAB4","access_token":"q3J8…",
             "status":"pending","customer_name":"Rahim Uddin","customer_email":"rahim@example.com",
             "customer_phone":"01712345678","customer_phone_e164":"+8801712345678",
             "delivery_address":"House 12, Road 5, Dhanmondi, Dhaka","total_amount":36830.00,"payment_method":"cod",
             "items":[{"product_id":1,"product_name":"Samsung Galaxy A54","quantity":1,"price":35990.00,"subtotal":35990.00},
                      {"product_id":7,"product_name":"Miniket Rice 5 kg","quantity":2,"price":420.00,"subtotal":840.00}],
             "created_at":"2026-11-27T10:15:00Z"}}""";

    static final String VALIDATION_PROBLEM = """
            {"type":"https://dhakacart.com/problems/validation-failed","title":"Unprocessable Entity","status":422,
             "detail":"Validation failed","error":"Validation failed",
             "details":["customer_phone: must be a valid phone number, such as 01712345678, 02-9876543 or +44 20 7946 0958"],
             "errors":[{"field":"customer_phone",
                        "message":"must be a valid phone number, such as 01712345678, 02-9876543 or +44 20 7946 0958"}]}""";

    static final String PRODUCTS = """
            {"data":[{"id":7,"name":"Miniket Rice 5 kg","description":"Premium polished miniket rice. মিনিকেট চাল ৫ কেজি",
                      "price":420.00,"category":"Groceries","stock":200,"image_url":"/images/products/miniket-rice-5kg.jpg",
                      "image_srcset":"/images/products/miniket-rice-5kg.jpg 320w, /images/products/miniket-rice-5kg-640.jpg 640w",
                      "created_at":"2026-11-27T10:00:00Z"}],
             "page":{"number":1,"size":20,"total_elements":1,"total_pages":1}}""";
}
