package com.dhakacart.api.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Gives every problem that names invalid fields in {@code errors: [{field, message}]} (an RFC 9457
 * extension member) the original client's {@code details}: the same, as human-readable strings
 * ({@code "customer_phone: must be a valid phone number"}), which the original React frontend joins
 * into the message it shows. Done here, once, whoever raised the problem.
 */
@RestControllerAdvice
class ValidationDetails implements ResponseBodyAdvice<Object> {

    static final String ERRORS = "errors";
    static final String DETAILS = "details";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getProperties() != null
                && problem.getProperties().get(ERRORS) instanceof List<?> errors) {
            problem.setProperty(DETAILS, readable(errors));
        }
        return body;
    }

    static List<String> readable(List<?> errors) {
        List<String> lines = new ArrayList<>();
        for (Object error : errors) {
            if (error instanceof Map<?, ?> fieldError) {
                Object field = fieldError.get("field");
                Object message = fieldError.get("message");
                lines.add(field == null ? String.valueOf(message) : field + ": " + message);
            } else {
                lines.add(String.valueOf(error));
            }
        }
        return lines;
    }
}
