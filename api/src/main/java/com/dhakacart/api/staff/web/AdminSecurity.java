package com.dhakacart.api.staff.web;

import com.dhakacart.api.staff.StaffSessions;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Spring Security guards the admin API and nothing else. Its servlet filter is mapped to
 * {@code /api/admin/*} only, so the public API keeps answering exactly as before (no firewall rejections,
 * no extra headers, no sessions); inside, every request needs a bearer token from
 * {@code POST /api/admin/session} and the role the table below names (the contract in ADMIN-API.md).
 * An admin route missing from the table is refused to everybody, and AdminRolesIT fails until it is added.
 */
@Configuration
class AdminSecurity {

    static final String ADMIN = "/api/admin/**";
    private static final String OWNER = "OWNER";
    private static final String CATALOG = "CATALOG_MANAGER";
    private static final String ORDERS = "ORDER_HANDLER";
    private static final String SUPPORT = "SUPPORT";

    @Bean
    SecurityFilterChain adminApi(HttpSecurity http, StaffSessions sessions) throws Exception {
        http.securityMatcher(ADMIN)
                .authorizeHttpRequests(access -> access
                        .requestMatchers(HttpMethod.POST, "/api/admin/session").permitAll()
                        // Also with a one-time password still to change: these are how it gets changed.
                        .requestMatchers(HttpMethod.DELETE, "/api/admin/session").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/admin/me").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/admin/me/password").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/admin/products", "/api/admin/products/{id}",
                                "/api/admin/orders", "/api/admin/orders/{id}", "/api/admin/customers/{phone}/orders",
                                "/api/admin/audit")
                                .hasAnyRole(OWNER, CATALOG, ORDERS, SUPPORT)
                        .requestMatchers(HttpMethod.POST, "/api/admin/products",
                                "/api/admin/products/{id}/stock-adjustments").hasAnyRole(OWNER, CATALOG)
                        .requestMatchers(HttpMethod.PATCH, "/api/admin/products/{id}").hasAnyRole(OWNER, CATALOG)
                        .requestMatchers(HttpMethod.PUT, "/api/admin/products/{id}/picture").hasAnyRole(OWNER, CATALOG)
                        .requestMatchers(HttpMethod.POST, "/api/admin/orders/{id}/status", "/api/admin/orders/cancel-stale")
                                .hasAnyRole(OWNER, ORDERS)
                        .requestMatchers("/api/admin/staff", "/api/admin/staff/{id}").hasRole(OWNER)
                        .anyRequest().denyAll())
                .addFilterBefore(new StaffTokens(sessions), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(AdminRefusals::unauthenticated)
                        .accessDeniedHandler(AdminRefusals::forbidden))
                // Bearer tokens, not cookies: no server session, no CSRF (a browser never sends the token
                // by itself), no log-in form, no saved requests.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .cors(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /**
     * Staff log in only through POST /api/admin/session. Declaring this also keeps Spring Boot from making
     * its default in-memory user with a generated password (it backs off when an AuthenticationManager
     * exists), without naming auto-configuration classes that move between Spring Boot versions.
     */
    @Bean
    AuthenticationManager noOtherLogIns() {
        return authentication -> {
            throw new ProviderNotFoundException("Staff log in through POST /api/admin/session only");
        };
    }

    /** Maps Spring Security's servlet filter to the admin API only (Spring Boot maps it to every path). */
    @Bean
    static BeanPostProcessor securityFilterOnAdminPathsOnly() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof DelegatingFilterProxyRegistrationBean registration
                        && "securityFilterChainRegistration".equals(beanName)) {
                    registration.setUrlPatterns(java.util.List.of("/api/admin/*"));
                }
                return bean;
            }
        };
    }
}
