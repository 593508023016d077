package com.dhakacart.api.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Checks on the text fields of the back office's request bodies, answered as the same 422 problem as the
 * order endpoint's validation ({@code errors: [{field, message}]}). Control characters are refused
 * everywhere but in multi-line text (PostgreSQL refuses a NUL byte in text, which would otherwise be a 500).
 */
public final class Fields {

    private Fields() {
    }

    /** The value stripped; refused when missing (if required), out of length, or holding control characters. */
    public static String text(String field, String value, int min, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw invalid(field, "is required");
            }
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() < min || stripped.length() > max) {
            throw invalid(field, "must be " + min + " to " + max + " characters");
        }
        if (stripped.chars().anyMatch(c -> c == 0 || (Character.isISOControl(c) && c != '\n' && c != '\r'
                && c != '\t'))) {
            throw invalid(field, "must not contain control characters");
        }
        return stripped;
    }

    public static ApiProblem invalid(String field, String message) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed", "Validation failed")
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }
}
