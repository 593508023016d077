package com.dhakacart.storefront.shopapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** The pieces of an API URL both API clients build (the shop's and the back office's): one way of escaping. */
public final class UrlParts {

    private UrlParts() {
    }

    /** {@code ?a=1&b=x%20y} from the parameters that have a value; empty when none has. */
    public static String query(Map<String, Object> params) {
        StringJoiner joiner = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((name, value) -> {
            if (value != null && !value.toString().isBlank()) {
                joiner.add(name + "=" + segment(value.toString()));
            }
        });
        return joiner.toString();
    }

    /** A value escaped for a path segment or a query value (a space as %20, never +). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
