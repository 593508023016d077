package com.dhakacart.storefront.web;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Bangla by default, as in the original shop; {@code ?lang=en} (or {@code ?lang=bn}) on any page
 * switches, and a cookie remembers the choice for a year.
 */
@Configuration
class LocaleConfig implements WebMvcConfigurer {

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

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleResolver resolver = localeResolver();
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                // Only the two languages the shop is written in; any other ?lang= is ignored.
                String lang = request.getParameter("lang");
                if ("en".equals(lang)) {
                    resolver.setLocale(request, response, Locale.ENGLISH);
                } else if ("bn".equals(lang)) {
                    resolver.setLocale(request, response, BANGLA);
                }
                return true;
            }
        });
    }
}
