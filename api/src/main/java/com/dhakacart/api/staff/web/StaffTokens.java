package com.dhakacart.api.staff.web;

import com.dhakacart.api.staff.StaffSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns {@code Authorization: Bearer <token>} into the staff member it belongs to, with their role as the
 * authority ({@code ROLE_ORDER_HANDLER}). An account that still has its one-time password gets no role
 * at all, only {@link #PASSWORD_CHANGE_REQUIRED}: every role-guarded endpoint then refuses it (403) until
 * the password is changed. An unknown or expired token leaves the request anonymous (401 where it matters).
 * Not a Spring bean on purpose: as a bean Spring Boot would also register it for every path.
 */
final class StaffTokens extends OncePerRequestFilter {

    static final String PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED";

    private final StaffSessions sessions;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    StaffTokens(StaffSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<StaffSessions.Current> current;
            try {
                current = sessions.use(header.substring(7).strip());
            } catch (DataAccessException databaseDown) {
                AdminRefusals.unavailable(response);
                return;
            }
            current.ifPresent(c -> {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new Authenticated(c));
                contexts.setContext(context);
            });
        }
        chain.doFilter(request, response);
    }

    /** A staff member proven by their session token. */
    static final class Authenticated extends AbstractAuthenticationToken {
        private final StaffSessions.Current current;

        Authenticated(StaffSessions.Current current) {
            super(authorities(current));
            this.current = current;
            setAuthenticated(true);
        }

        private static List<GrantedAuthority> authorities(StaffSessions.Current current) {
            return List.of(new SimpleGrantedAuthority(current.member().mustChangePassword() ? PASSWORD_CHANGE_REQUIRED
                    : "ROLE_" + current.member().role().name()));
        }

        @Override
        public Object getCredentials() {
            return null; // the token is not kept
        }

        @Override
        public StaffSessions.Current getPrincipal() {
            return current;
        }
    }
}
