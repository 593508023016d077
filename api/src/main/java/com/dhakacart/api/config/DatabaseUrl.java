package com.dhakacart.api.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A database location as operators write it: a JDBC URL, or the {@code postgresql://user:pass@host:port/db}
 * form that Heroku-style platforms and docker-compose files use.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/dhakacart_db";

    /**
     * The database the 12-factor variables name (DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD), with the
     * same defaults the API runs with; for commands that run without Spring (`staff add`).
     */
    public static DatabaseUrl fromEnvironment(java.util.function.Function<String, String> env) {
        String given = env.apply("DATABASE_URL");
        DatabaseUrl url = parse(given == null || given.isBlank() ? DEFAULT_URL : given);
        String user = env.apply("DATABASE_USER") != null ? env.apply("DATABASE_USER")
                : url.user() == null ? "dhakacart" : url.user();
        String password = env.apply("DATABASE_PASSWORD") != null ? env.apply("DATABASE_PASSWORD")
                : url.password() == null ? "" : url.password();
        return new DatabaseUrl(url.jdbcUrl(), user, password);
    }

    public static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:")) {
            return new DatabaseUrl(url, null, null);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must start with jdbc:postgresql://, postgresql:// or postgres://, got: " + redact(url));
        }
        URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
