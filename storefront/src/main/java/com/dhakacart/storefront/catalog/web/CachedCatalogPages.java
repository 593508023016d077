package com.dhakacart.storefront.catalog.web;

import com.dhakacart.storefront.catalog.RenderedPages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Serves the catalog ({@code /}, with its filters) and product pages to visitors without a session from
 * {@link RenderedPages}: no API call, no template rendering and no session store for a shopper who is
 * only looking. Anyone with a session (a cart) gets their own page as before. Runs after Spring Security,
 * so every answer still carries the security headers and the visitor's own CSRF cookie and token.
 */
@Configuration
class CachedCatalogPages {

    static final String SESSION_COOKIE = "DHAKACART_SESSION";
    /** HIT (stored page), MISS (rendered now) or STALE (the shop could not answer; last rendered page). */
    static final String CACHE_HEADER = "X-Cache";
    private static final Pattern PRODUCT_PAGE = Pattern.compile("/products/[0-9]{1,18}");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> catalogPageCache(RenderedPages pages, LocaleResolver locales) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new PageFilter(pages, locales));
        // After Spring Security (-100) and the session filter; before the language switch (it only runs
        // for ?lang=, which is never served from here).
        registration.setOrder(0);
        return registration;
    }

    static final class PageFilter extends OncePerRequestFilter {

        private final RenderedPages pages;
        private final LocaleResolver locales;

        PageFilter(RenderedPages pages, LocaleResolver locales) {
            this.pages = pages;
            this.locales = locales;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            if (!pages.enabled() || !"GET".equals(request.getMethod()) || request.getParameter("lang") != null) {
                return true;
            }
            String path = request.getRequestURI();
            return !("/".equals(path) || PRODUCT_PAGE.matcher(path).matches()) || hasSession(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String query = request.getQueryString();
            String key = locales.resolveLocale(request).toLanguageTag() + " " + request.getRequestURI()
                    + (query == null ? "" : "?" + query);
            RenderedPages.Lookup lookup = pages.lookup(key);
            if (!lookup.mustRender()) {
                serve(lookup.page(), "HIT", request, response);
                return;
            }
            Rendering rendering = new Rendering(response);
            try {
                chain.doFilter(request, rendering);
            } finally {
                pages.rendered(lookup);
            }
            int status = rendering.status;
            if (rendering.errorSent) {
                return; // the container writes its error page; nothing to keep or replace
            }
            if (status == 200 && request.getSession(false) == null && !response.isCommitted()) {
                pages.store(lookup, rendering.getContentAsByteArray(), token(request), rendering.getContentType(),
                        rendering.getLocale().toLanguageTag()); // Tomcat writes the page's locale as Content-Language
            } else if (status >= 500 && lookup.page() != null && !response.isCommitted()) {
                // The shop cannot answer (API or database down or slow): the last page beats an error page.
                // Its stock may be old; checkout, which asks the API, still refuses what is gone.
                serve(lookup.page(), "STALE", request, response);
                return;
            }
            response.setStatus(status);
            if (rendering.retryAfter != null) {
                response.setHeader("Retry-After", rendering.retryAfter);
            }
            response.setHeader(CACHE_HEADER, "MISS");
            rendering.copyBodyToResponse();
        }

        private static void serve(RenderedPages.Page page, String how, HttpServletRequest request,
                                  HttpServletResponse response) throws IOException {
            byte[] body = page.write(token(request));
            response.setStatus(200);
            response.setContentType(page.contentType());
            if (page.contentLanguage() != null) {
                response.setHeader("Content-Language", page.contentLanguage());
            }
            response.setHeader(CACHE_HEADER, how);
            response.setHeader("Age", Long.toString(page.ageSeconds()));
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        /** This response's masked CSRF token (the one the page's forms carry), if the request has one. */
        private static String token(HttpServletRequest request) {
            Object token = request.getAttribute(CsrfToken.class.getName());
            return token instanceof CsrfToken csrf ? csrf.getToken() : null;
        }

        private static boolean hasSession(HttpServletRequest request) {
            Cookie[] cookies = request.getCookies();
            if (cookies != null) {
                for (Cookie cookie : cookies) {
                    if (SESSION_COOKIE.equals(cookie.getName())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * The page being rendered, held back until we know whether it is kept: its status and Retry-After are
     * recorded, not sent, so a failed render can still be answered with the last good page.
     */
    static final class Rendering extends ContentCachingResponseWrapper {
        private int status = 200;
        private String retryAfter;
        private boolean errorSent;

        Rendering(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc) throws IOException {
            status = sc;
            errorSent = true;
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String message) throws IOException {
            status = sc;
            errorSent = true;
            super.sendError(sc, message);
        }

        @Override
        public void setHeader(String name, String value) {
            if ("Retry-After".equalsIgnoreCase(name)) {
                retryAfter = value;
            } else {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if ("Retry-After".equalsIgnoreCase(name)) {
                retryAfter = value;
            } else {
                super.addHeader(name, value);
            }
        }
    }
}
