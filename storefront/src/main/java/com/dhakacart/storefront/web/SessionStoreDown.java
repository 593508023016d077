package com.dhakacart.storefront.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When Redis (the session store) is unreachable, the failure surfaces in the session, CSRF and
 * flash-message machinery, outside any controller. This filter sits in front of the session filter
 * and turns such a failure into the same friendly 503 page the shopper sees when the API is down.
 */
@Configuration
class SessionStoreDown {

    static final String PATH = "/errors/unavailable";
    private static final Logger log = LoggerFactory.getLogger(SessionStoreDown.class);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> sessionStoreDownFilter() {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    chain.doFilter(request, response);
                } catch (ServletException | RuntimeException e) {
                    if (!causedBySessionStore(e) || response.isCommitted()) {
                        throw e;
                    }
                    log.warn("session store unavailable: {}", e.getMessage());
                    response.resetBuffer();
                    // A forward skips the session filter (it only runs on request, async and error
                    // dispatches) and carries the unwrapped request, so the page touches no session.
                    request.getRequestDispatcher(PATH).forward(request, response);
                }
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 10);
        return registration;
    }

    private static boolean causedBySessionStore(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException) {
                return true;
            }
        }
        return false;
    }

    /** The page itself: the shop's 503 page, with a hint when to retry. */
    @Controller
    static class UnavailablePage {

        @RequestMapping(PATH)
        String unavailable(HttpServletResponse response) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader("Retry-After", "30");
            return "error/503";
        }
    }
}
