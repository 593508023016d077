package com.dhakacart.api.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A failure the client caused or must know about, answered as RFC 9457 problem+json. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String title;

    public ApiProblem(HttpStatus status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** An answer header to send with the problem, e.g. Retry-After. */
    public ApiProblem withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A title of its own instead of the status's reason phrase (e.g. "Wrong email or password"). */
    public ApiProblem withTitle(String title) {
        this.title = title;
        return this;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
