package com.dhakacart.storefront.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * What Spring Security does for a shop without logins: a CSRF token on every form, and the security
 * headers on every response. The token lives in its own cookie, not in the session: an anonymous
 * visitor browsing the catalog gets no server session and causes no Redis write; a session (in Redis)
 * starts only when they first put something in their cart, or when a staff member logs in to the back
 * office ({@code /admin}, whose own door is {@code backoffice.web.StaffGate}: the staff's bearer token for the
 * admin API sits in the session, and the API decides every permission).
 */
@Configuration
class SecurityConfig {

    /**
     * Only our own scripts, styles and forms. Product images may come from any HTTPS host because
     * the catalog stores absolute image URLs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' https: data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /** "true" makes the CSRF cookie Secure always; otherwise it is Secure when the request came over TLS. */
    private final boolean alwaysSecureCookies;

    SecurityConfig(@Value("${dhakacart.secure-cookies:}") String secureCookies) {
        this.alwaysSecureCookies = Boolean.parseBoolean(secureCookies.strip());
    }

    @Bean
    SecurityFilterChain shopSecurity(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // Double-submit: the form's token must match the HttpOnly, SameSite=Lax cookie. A session-kept
                // token would create a Redis session for every visitor who merely sees a form (each product card).
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie()).csrfTokenRequestHandler(eagerToken()))
                // Nobody logs in, so there is no security context worth a Redis read on every request.
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(frame -> frame.deny())
                        // Spring Security writes HSTS only on secure requests, i.e. when served over TLS
                        // (or behind a proxy that says so in X-Forwarded-Proto).
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true)))
                .build();
    }

    /**
     * Loads (and, for a new visitor, sets) the token cookie before the page renders: a token first
     * needed deep in a long page would come after the response was committed, too late for Set-Cookie.
     * Masked per response as by default (BREACH).
     */
    private static XorCsrfTokenRequestAttributeHandler eagerToken() {
        XorCsrfTokenRequestAttributeHandler handler = new XorCsrfTokenRequestAttributeHandler();
        handler.setCsrfRequestAttributeName(null);
        return handler;
    }

    CookieCsrfTokenRepository csrfCookie() {
        CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository();
        cookie.setCookieName("DHAKACART_CSRF");
        cookie.setCookieCustomizer(c -> {
            c.httpOnly(true).sameSite("Lax").path("/");
            if (alwaysSecureCookies) {
                c.secure(true);
            }
        });
        return cookie;
    }
}
