package com.dhakacart.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.ApiHttpSupport.Answer;
import tools.jackson.databind.JsonNode;

/**
 * What every error answer must look like for both kinds of client: RFC 9457 problem+json for new ones,
 * and for the original React frontend a string {@code error} and, when fields are named, {@code details}
 * as strings it can join (with the structured form in {@code errors}).
 */
public final class ProblemShape {

    private ProblemShape() {
    }

    public static void assertShowable(Answer answer, int status, String description) {
        assertThat(answer.status()).as(description + ": " + answer.raw().body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(description).startsWith("application/problem+json");
        JsonNode body = answer.json();
        assertThat(body).as(description + ": body is JSON").isNotNull();
        assertThat(body.path("status").asInt()).as(description + ": status member").isEqualTo(status);
        assertThat(body.path("type").asText()).as(description + ": type").isNotBlank();
        assertThat(body.path("title").asText()).as(description + ": title").isNotBlank();
        assertThat(body.path("error").isTextual()).as(description + ": error is a string").isTrue();
        assertThat(body.path("error").asText()).as(description + ": error").isNotBlank();
        if (body.has("details") || body.has("errors")) {
            JsonNode details = body.path("details");
            JsonNode errors = body.path("errors");
            assertThat(details.isArray()).as(description + ": details is a list").isTrue();
            assertThat(errors.isArray()).as(description + ": errors is a list").isTrue();
            assertThat(details).as(description + ": one detail per error").hasSize(errors.size());
            for (int i = 0; i < errors.size(); i++) {
                JsonNode error = errors.get(i);
                assertThat(details.get(i).isTextual()).as(description + ": details are strings").isTrue();
                assertThat(error.path("field").asText()).as(description + ": errors[].field").isNotBlank();
                assertThat(error.path("message").asText()).as(description + ": errors[].message").isNotBlank();
                assertThat(details.get(i).asText()).as(description)
                        .isEqualTo(error.path("field").asText() + ": " + error.path("message").asText());
            }
        }
    }
}
