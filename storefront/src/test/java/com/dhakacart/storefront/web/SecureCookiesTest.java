package com.dhakacart.storefront.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * DHAKACART_SECURE_COOKIES: unset, the cookies are Secure exactly on TLS requests; "true", always. Both cookies
 * stay HttpOnly and SameSite=Lax either way.
 */
class SecureCookiesTest {

    @Test
    void theCsrfCookieIsSecureOnTlsByDefaultAndAlwaysWhenConfigured() {
        assertThat(csrfCookie("", false).getSecure()).isFalse();
        assertThat(csrfCookie("", true).getSecure()).isTrue();
        Cookie always = csrfCookie("true", false);
        assertThat(always.getSecure()).isTrue();
        assertThat(always.isHttpOnly()).isTrue();
        assertThat(always.getAttribute("SameSite")).isEqualTo("Lax");
    }

    @Test
    void theSessionCookieLeavesSecureToTheRequestUnlessTheVariableSaysAlways() throws Exception {
        assertThat(sessionCookieSecure(Map.of())).as("unset: Spring Session decides per request").isNull();
        assertThat(sessionCookieSecure(Map.of("DHAKACART_SECURE_COOKIES", "true"))).isTrue();
    }

    private static Cookie csrfCookie(String setting, boolean tls) {
        CookieCsrfTokenRepository repository = new SecurityConfig(setting).csrfCookie();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSecure(tls);
        MockHttpServletResponse response = new MockHttpServletResponse();
        repository.saveToken(repository.generateToken(request), request, response);
        return response.getCookie("DHAKACART_CSRF");
    }

    /** server.servlet.session.cookie.secure as Spring Boot binds it from application.properties. */
    private static Boolean sessionCookieSecure(Map<String, Object> variables) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new PropertiesPropertySourceLoader().load("application", new ClassPathResource("application.properties"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return Binder.get(environment).bind("server.servlet.session.cookie.secure", Boolean.class).orElse(null);
    }
}
