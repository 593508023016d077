package com.dhakacart.storefront.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * Bangla by default, as in the original shop; {@code ?lang=en} (or {@code ?lang=bn}) on any page
 * switches, and a cookie remembers the choice for a year.
 */
@Configuration
class LocaleConfig {

    /**
     * Bangla with Latin digits: prices are written ৳1,00,000 (as in the issue and on the receipts), so
     * counts like "15টি পণ্য" use the same digits instead of MessageFormat's Bengali ones.
     */
    static final Locale BANGLA = Locale.forLanguageTag("bn-u-nu-latn");
    static final String COOKIE = "dhakacart_lang";

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
        resolver.setDefaultLocale(BANGLA);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    /**
     * A filter rather than an MVC interceptor, so that ?lang= also works on pages no controller
     * handles (an unknown address still gets its 404 page in the language asked for).
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> languageSwitch(LocaleResolver resolver) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // Only the two languages the shop is written in; any other ?lang= is ignored.
                String lang = request.getParameter("lang");
                if ("en".equals(lang)) {
                    resolver.setLocale(request, response, Locale.ENGLISH);
                } else if ("bn".equals(lang)) {
                    resolver.setLocale(request, response, BANGLA);
                }
                chain.doFilter(request, response);
            }
        };
        return new FilterRegistrationBean<>(filter);
    }
}
