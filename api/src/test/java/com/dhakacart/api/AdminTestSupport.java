package com.dhakacart.api;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.staff.Role;
import com.dhakacart.api.staff.StaffAccounts;
import java.net.http.HttpRequest;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base for admin API tests: staff accounts made through the same core the owner uses, logged in over HTTP,
 * their one-time password changed, and requests sent with their bearer tokens.
 */
public abstract class AdminTestSupport extends ApiTestSupport {

    protected static final String PASSWORD = "correct horse battery staple";

    @Autowired
    protected StaffAccounts accounts;

    private final Map<Role, String> tokens = new EnumMap<>(Role.class);

    /** A logged-in staff member's token with this role (one account per role and test class). */
    protected String token(Role role) {
        return tokens.computeIfAbsent(role, r -> {
            String email = r.wire() + "@staff.example";
            boolean exists = jdbc.sql("SELECT count(*) FROM staff WHERE email = ?").param(email).query(Long.class).single() > 0;
            return exists ? logIn(email, PASSWORD).json().at("/data/token").asText() : readyAccount(email, r);
        });
    }

    /** An account with {@code role}, logged in with its password already changed to {@link #PASSWORD}. */
    protected String readyAccount(String email, Role role) {
        String oneTime = accounts.create(Actor.commandLine(), email, "Test " + role.wire(), role).oneTimePassword();
        String token = logIn(email, oneTime).json().at("/data/token").asText();
        Answer changed = admin("POST", "/api/admin/me/password",
                "{\"current_password\":\"" + oneTime + "\",\"new_password\":\"" + PASSWORD + "\"}", token);
        if (changed.status() != 204) {
            throw new IllegalStateException("could not change the one-time password: " + changed.raw().body());
        }
        return token;
    }

    /**
     * The address log-ins claim to come from (X-Forwarded-For; believed only where the test class trusts
     * loopback as a proxy), so tests of the per-address lock-out do not lock each other out. Null: none.
     */
    protected String clientAddress;

    protected Answer logIn(String email, String password) {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        return clientAddress == null ? post("/api/admin/session", body)
                : post("/api/admin/session", body, "X-Forwarded-For", clientAddress);
    }

    /** An admin request; {@code token} null sends none, {@code body} null sends no body. */
    protected Answer admin(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    protected long auditEntries(String action, String staffEmail) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE action = ? AND staff_email = ?")
                .params(action, staffEmail).query(Long.class).single();
    }
}
