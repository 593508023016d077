package com.dhakacart.api.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The list envelope every paged answer uses, {@code {"data": [...], "page": {number, size, total_elements,
 * total_pages}}} (as {@code GET /api/products} has always answered), and the parsing of its parameters.
 */
public final class Paged {

    public static final int MAX_SIZE = 100;

    private Paged() {
    }

    public static Map<String, Object> of(List<?> data, int page, int size, long total) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("number", page);
        info.put("size", size);
        info.put("total_elements", total);
        info.put("total_pages", (int) ((total + size - 1) / size));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("page", info);
        return body;
    }

    /** {@code page} as a number from 1 to 100,000 (default 1). */
    public static int page(String value) {
        return number("page", value, 1, 1, 100_000);
    }

    /** {@code size} as a number from 1 to {@link #MAX_SIZE} (default 20). */
    public static int size(String value) {
        return number("size", value, 20, 1, MAX_SIZE);
    }

    public static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // the same answer as out of range
        }
        throw new BadRequest(name + " must be a whole number from " + min + " to " + max);
    }

    /**
     * An optional text parameter: null when absent or blank, refused (400) when longer than {@code max} or
     * holding control characters (PostgreSQL refuses a NUL byte in text, and none belongs in a filter).
     */
    public static String text(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequest(name + " must be at most " + max + " characters, without control characters");
        }
        return value.strip();
    }
}
