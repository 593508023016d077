package com.dhakacart.storefront.browser;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One visitor of the storefront without a browser: keeps its cookies, follows no redirects, posts forms with
 * the CSRF token a page gave it, and may come "through the ingress" with an X-Forwarded-For of its own
 * (the storefront believes it from loopback, as Tomcat believes internal proxies).
 */
final class StorefrontVisitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final String forwardedFor;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private String csrf;

    StorefrontVisitor(String base, String forwardedFor) {
        this.base = base;
        this.forwardedFor = forwardedFor;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> page = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(page.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return page;
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        if (csrf == null) {
            get("/admin/login");
        }
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", csrf);
        StringJoiner body = new StringJoiner("&");
        fields.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in through the storefront's form; the answer (a redirect on success). */
    HttpResponse<String> logIn(String email, String password) throws IOException, InterruptedException {
        get("/admin/login?lang=en");
        return post("/admin/login?lang=en", Map.of("email", email, "password", password));
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    /** Where a redirect points, as a path ("/admin/login"), or null. */
    static String location(HttpResponse<?> answer) {
        return answer.headers().firstValue("Location").map(l -> URI.create(l).getPath()).orElse(null);
    }
}
