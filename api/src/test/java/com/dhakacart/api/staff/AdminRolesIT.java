package com.dhakacart.api.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.AdminTestSupport;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every admin endpoint with no token (401), with each role the contract (ADMIN-API.md) refuses (403)
 * and with each role it allows (neither). The table is the contract's; the first test fails when the
 * application has an /api/admin endpoint the table does not list, so a new endpoint cannot skip this walk.
 */
class AdminRolesIT extends AdminTestSupport {

    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);
    private static final Set<Role> CATALOG = EnumSet.of(Role.OWNER, Role.CATALOG_MANAGER);
    private static final Set<Role> ORDERS = EnumSet.of(Role.OWNER, Role.ORDER_HANDLER);
    private static final Set<Role> OWNER = EnumSet.of(Role.OWNER);

    /** One endpoint: who may call it; {@code open} when anonymous callers may too (the log-in). */
    record Endpoint(String method, String path, Set<Role> allowed, boolean open, String body) {
        String key() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> TABLE = List.of(
            new Endpoint("POST", "/api/admin/session", EVERYONE, true, "{\"email\":\"x@y.z\",\"password\":\"p\"}"),
            new Endpoint("DELETE", "/api/admin/session", EVERYONE, false, null),
            new Endpoint("GET", "/api/admin/me", EVERYONE, false, null),
            new Endpoint("POST", "/api/admin/me/password", EVERYONE, false, "{}"),
            new Endpoint("GET", "/api/admin/products", EVERYONE, false, null),
            new Endpoint("GET", "/api/admin/products/{id}", EVERYONE, false, null),
            new Endpoint("POST", "/api/admin/products", CATALOG, false, "{}"),
            new Endpoint("PATCH", "/api/admin/products/{id}", CATALOG, false, "{}"),
            new Endpoint("POST", "/api/admin/products/{id}/stock-adjustments", CATALOG, false, "{}"),
            new Endpoint("PUT", "/api/admin/products/{id}/picture", CATALOG, false, "{}"),
            new Endpoint("GET", "/api/admin/orders", EVERYONE, false, null),
            new Endpoint("GET", "/api/admin/orders/{id}", EVERYONE, false, null),
            new Endpoint("GET", "/api/admin/customers/{phone}/orders", EVERYONE, false, null),
            new Endpoint("POST", "/api/admin/orders/{id}/status", ORDERS, false, "{}"),
            new Endpoint("POST", "/api/admin/orders/cancel-stale", ORDERS, false, "{}"),
            new Endpoint("GET", "/api/admin/audit", EVERYONE, false, null),
            new Endpoint("GET", "/api/admin/staff", OWNER, false, null),
            new Endpoint("POST", "/api/admin/staff", OWNER, false, "{}"),
            new Endpoint("PATCH", "/api/admin/staff/{id}", OWNER, false, "{}"));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theTableListsExactlyTheAdminEndpointsTheApplicationHas() {
        Set<String> registered = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/admin"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> registered.add(m.name() + " " + p))));
        Set<String> tabled = new TreeSet<>(TABLE.stream().map(Endpoint::key).toList());
        assertThat(registered).as("admin endpoints the application serves").isNotEmpty().isEqualTo(tabled);
    }

    @Test
    void everyEndpointRefusesAnonymousCallersWrongRolesAndLetsTheRightRolesIn() {
        for (Endpoint endpoint : TABLE) {
            String path = endpoint.path().replace("{id}", "999999").replace("{phone}", "01712345678");
            Answer anonymous = admin(endpoint.method(), path, endpoint.body(), null);
            if (endpoint.open()) {
                assertThat(anonymous.status()).as(endpoint.key() + " anonymous").isNotIn(403).isIn(401, 200);
            } else {
                assertThat(anonymous.status()).as(endpoint.key() + " anonymous").isEqualTo(401);
                assertThat(anonymous.header("WWW-Authenticate")).as(endpoint.key()).isEqualTo("Bearer");
                assertThat(anonymous.header("Content-Type")).as(endpoint.key()).startsWith("application/problem+json");
            }
            Answer bogus = admin(endpoint.method(), path, endpoint.body(), "not-a-real-token");
            if (!endpoint.open()) {
                assertThat(bogus.status()).as(endpoint.key() + " unknown token").isEqualTo(401);
            }
            for (Role role : Role.values()) {
                // Logging out would end the session the rest of the walk uses: that one gets a token of its own.
                String token = endpoint.key().equals("DELETE /api/admin/session")
                        ? logIn(role.wire() + "@staff.example", PASSWORD).json().at("/data/token").asText()
                        : token(role);
                Answer answer = admin(endpoint.method(), path, endpoint.body(), token);
                if (endpoint.open()) {
                    assertThat(answer.status()).as(endpoint.key() + " as " + role.wire()).isNotIn(403).isLessThan(500);
                } else if (endpoint.allowed().contains(role)) {
                    assertThat(answer.status()).as(endpoint.key() + " as " + role.wire() + ": " + answer.raw().body())
                            .isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(answer.status()).as(endpoint.key() + " as " + role.wire()).isEqualTo(403);
                    assertThat(answer.json().get("title").asText()).isEqualTo("Forbidden");
                }
            }
        }
    }

    @Test
    void pathTricksDoNotSlipPastTheGuard() {
        for (String path : List.of("/api/admin/staff;x=1", "/api/admin;x=1/staff", "/api/%61dmin/staff",
                "/api/admin/./staff", "/api/admin//staff", "/api/x/../admin/staff", "/API/admin/staff/")) {
            Answer anonymous = admin("GET", path, null, null);
            assertThat(anonymous.status()).as(path).isIn(400, 401, 404);
            assertThat(anonymous.raw().body()).as(path).doesNotContain("@staff.example");
            Answer support = admin("GET", path, null, token(Role.SUPPORT));
            assertThat(support.status()).as(path + " as support").isIn(400, 403, 404);
            assertThat(support.raw().body()).as(path).doesNotContain("@staff.example");
        }
    }
}
