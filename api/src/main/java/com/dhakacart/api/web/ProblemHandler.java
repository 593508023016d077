package com.dhakacart.api.web;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into RFC 9457 problem+json that also carries the original client's {@code error}
 * string (and, for invalid fields, {@code details} strings and structured {@code errors}; see
 * {@link ValidationDetails}), so old and new clients can both show it. Database
 * outages become 503 with Retry-After, never a 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final java.net.URI ABOUT_BLANK = java.net.URI.create("about:blank");

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        ProblemDetail body = problem(problem.status(), problem.type(), problem.getMessage());
        problem.properties().forEach(body::setProperty);
        if (problem.title() != null) {
            body.setTitle(problem.title());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(problem.status());
        problem.headers().forEach((name, value) -> answer.header(name, value));
        return answer.body(body);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, QueryTimeoutException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<Object> databaseDown(Exception e) {
        log.warn("database unavailable: {}", e.getMessage());
        ProblemDetail body = problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                "The shop is briefly unavailable; please try again in a few seconds");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(body);
    }

    /**
     * A query parameter whose percent-encoding is not UTF-8 ({@code ?search=%FF%FE}): Tomcat 11 throws on
     * reading it, where Tomcat 10 dropped the parameter silently. The request is malformed, so 400.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameter(Exception e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "A query parameter is not valid UTF-8 once decoded"));
    }

    /** A multipart body Tomcat cannot parse (found by fuzzing the picture upload): the client's fault, 400. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<Object> malformedMultipart(org.springframework.web.multipart.MultipartException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "Malformed multipart request body"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected failure", e);
        ProblemDetail body = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Something went wrong on our side; nothing was charged. Please try again.");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof BodySizeLimit.BodyTooLarge tooLarge) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", tooLarge.getMessage()));
        }
        String detail = ex.getMostSpecificCause() instanceof tools.jackson.databind.exc.MismatchedInputException m
                && !m.getPath().isEmpty()
                ? "Wrong type for field '" + fieldPath(m.getPath()) + "'"
                : "Malformed JSON request body";
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request", detail));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::detail).toList();
        ProblemDetail body = problem(HttpStatus.UNPROCESSABLE_ENTITY, "validation-failed", "Validation failed");
        body.setProperty(ValidationDetails.ERRORS, errors); // ValidationDetails adds the readable `details`
        return ResponseEntity.unprocessableEntity().body(body);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        // Spring's own MVC errors (404 route, 405 method, 415 media type): add the original `error` field.
        if (body instanceof ProblemDetail detail && (detail.getProperties() == null
                || !detail.getProperties().containsKey("error"))) {
            detail.setProperty("error", detail.getDetail() != null ? detail.getDetail() : detail.getTitle());
        }
        // Spring Framework 7 leaves the type out (RFC 9457 reads a missing one as about:blank); clients of the
        // original API always got it written, so it still is.
        if (body instanceof ProblemDetail detail && detail.getType() == null) {
            detail.setType(ABOUT_BLANK);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static ProblemDetail problem(HttpStatus status, String type, String message) {
        return Problems.of(status, type, message);
    }

    private static Map<String, String> detail(FieldError error) {
        return Map.of("field", snake(error.getField()), "message",
                error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage());
    }

    private static String fieldPath(List<tools.jackson.core.JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (var ref : path) {
            if (ref.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** Validation reports Java property paths; clients know the snake_case JSON names. */
    static String snake(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
