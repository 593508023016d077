package com.dhakacart.api.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.AdminTestSupport;
import com.dhakacart.api.audit.Actor;
import tools.jackson.databind.JsonNode;
import com.dhakacart.api.staff.cli.StaffCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Staff log-in: one-time passwords, lock-out after five failures, answers that reveal no account, log-out. */
@TestPropertySource(properties = "dhakacart.ratelimit.trusted-proxies=127.0.0.1,::1")
class StaffLoginIT extends AdminTestSupport {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @BeforeEach
    void fromAnAddressOfItsOwn() {
        clientAddress = "198.51.100." + ADDRESSES.incrementAndGet();
    }

    @Autowired
    Environment environment;

    @Test
    void theFirstOwnerCommandPrintsAOneTimePasswordThatMustBeChangedAtTheFirstLogIn() {
        Map<String, String> env = Map.of("DATABASE_URL", environment.getProperty("spring.datasource.url"),
                "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StaffCommand.run(new String[] {"staff", "add", "--email", "owner@shop.example", "--name", "Shop Owner",
                "--role", "owner"}, env::get, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("Created owner owner@shop.example");
        String oneTime = lines.getLast().strip();
        assertThat(oneTime).hasSize(16);

        Answer in = logIn("owner@shop.example", oneTime);
        assertThat(in.status()).isEqualTo(200);
        assertThat(in.json().at("/data/staff/must_change_password").asBoolean()).isTrue();
        String token = in.json().at("/data/token").asText();
        assertThat(admin("GET", "/api/admin/staff", null, token).status()).isEqualTo(403);
        assertThat(admin("POST", "/api/admin/me/password",
                "{\"current_password\":\"" + oneTime + "\",\"new_password\":\"" + PASSWORD + "\"}", token).status())
                .isEqualTo(204);
        Answer staff = admin("GET", "/api/admin/staff", null, token);
        assertThat(staff.status()).isEqualTo(200);
        assertThat(staff.raw().body()).contains("owner@shop.example");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'staff.create' AND staff_email = '(command line)'"
                + " AND after ->> 'email' = 'owner@shop.example'").query(Long.class).single()).isEqualTo(1);

        StringWriter again = new StringWriter();
        assertThat(StaffCommand.run(new String[] {"staff", "add", "--email", "OWNER@shop.example", "--name", "Twin"},
                env::get, new PrintWriter(new StringWriter()), new PrintWriter(again))).isEqualTo(1);
        assertThat(again.toString().lines().toList()).hasSize(1).first().asString().contains("already has a staff account");
        StringWriter usage = new StringWriter();
        assertThat(StaffCommand.run(new String[] {"staff", "add", "--email", "x@shop.example", "--name", "X", "--role",
                "king"}, env::get, new PrintWriter(new StringWriter()), new PrintWriter(usage))).isEqualTo(2);
        assertThat(usage.toString()).contains("--role must be one of");
    }

    @Test
    void twentyFailuresFromOneAddressLockThatAddressOutWhateverTheEmail() {
        String oneTime = accounts.create(Actor.commandLine(), "shapla@shop.example", "Shapla", Role.SUPPORT)
                .oneTimePassword();
        for (int i = 1; i <= 20; i++) {
            assertThat(logIn("guess" + i + "@shop.example", "wrong").status()).as("attempt " + i).isEqualTo(401);
        }
        assertThat(logIn("shapla@shop.example", oneTime).status()).isEqualTo(429);
        clientAddress = "198.51.100.250";
        assertThat(logIn("shapla@shop.example", oneTime).status()).isEqualTo(200);
    }

    @Test
    void aOneTimePasswordOpensOnlyThePasswordChangeUntilItIsChanged() {
        String oneTime = accounts.create(Actor.commandLine(), "Nadia@Shop.example", "Nadia", Role.ORDER_HANDLER)
                .oneTimePassword();
        Answer in = logIn("nadia@shop.example", oneTime); // email in any case
        assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
        assertThat(in.json().at("/data/staff/must_change_password").asBoolean()).isTrue();
        assertThat(in.json().at("/data/staff/role").asText()).isEqualTo("order_handler");
        assertThat(in.json().at("/data/expires_at").asText()).endsWith("Z");
        String token = in.json().at("/data/token").asText();

        Answer orders = admin("GET", "/api/admin/orders", null, token);
        assertThat(orders.status()).isEqualTo(403);
        assertThat(orders.json().get("title").asText()).isEqualTo("Change your one-time password first");
        assertThat(orders.header("Content-Type")).startsWith("application/problem+json");
        assertThat(admin("GET", "/api/admin/me", null, token).status()).isEqualTo(200);

        Answer tooShort = admin("POST", "/api/admin/me/password",
                "{\"current_password\":\"" + oneTime + "\",\"new_password\":\"short\"}", token);
        assertThat(tooShort.status()).isEqualTo(422);
        Answer same = admin("POST", "/api/admin/me/password",
                "{\"current_password\":\"" + oneTime + "\",\"new_password\":\"" + oneTime + "\"}", token);
        assertThat(same.status()).isEqualTo(422);
        Answer wrongCurrent = admin("POST", "/api/admin/me/password",
                "{\"current_password\":\"not it at all\",\"new_password\":\"" + PASSWORD + "\"}", token);
        assertThat(wrongCurrent.status()).isEqualTo(422);

        Answer changed = admin("POST", "/api/admin/me/password",
                "{\"current_password\":\"" + oneTime + "\",\"new_password\":\"" + PASSWORD + "\"}", token);
        assertThat(changed.status()).isEqualTo(204);
        assertThat(admin("GET", "/api/admin/orders", null, token).status()).isEqualTo(200);
        assertThat(admin("GET", "/api/admin/me", null, token).json().at("/data/must_change_password").asBoolean()).isFalse();
        assertThat(logIn("nadia@shop.example", oneTime).status()).isEqualTo(401);
        assertThat(logIn("nadia@shop.example", PASSWORD).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'staff.password' AND staff_email = 'Nadia@Shop.example'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theSixthWrongPasswordWithinAMinuteLocksTheAccountEvenForTheRightPassword() {
        String oneTime = accounts.create(Actor.commandLine(), "karim@shop.example", "Karim", Role.SUPPORT)
                .oneTimePassword();
        for (int i = 1; i <= 5; i++) {
            Answer wrong = logIn("karim@shop.example", "guess number " + i);
            assertThat(wrong.status()).as("attempt " + i).isEqualTo(401);
        }
        Answer locked = logIn("karim@shop.example", "guess number 6");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("detail").asText()).isEqualTo("Too many failed log-ins; try again later");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(800L, 900L);
        // The right password does not help while locked.
        Answer evenRight = logIn("karim@shop.example", oneTime);
        assertThat(evenRight.status()).isEqualTo(429);
    }

    @Test
    void theRightPasswordIsRefusedDuringTheLockOut() {
        String token = readyAccount("salma@shop.example", Role.CATALOG_MANAGER);
        assertThat(token).isNotBlank();
        for (int i = 1; i <= 5; i++) {
            assertThat(logIn("salma@shop.example", "wrong " + i).status()).isEqualTo(401);
        }
        Answer right = logIn("salma@shop.example", PASSWORD);
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.raw().body()).doesNotContain("token");
    }

    @Test
    void anUnknownEmailGetsExactlyTheAnswersAnAccountGets() {
        readyAccount("rumana@shop.example", Role.SUPPORT);
        for (int i = 1; i <= 6; i++) {
            Answer known = logIn("rumana@shop.example", "wrong " + i);
            Answer unknown = logIn("nobody-" + "here@shop.example", "wrong " + i);
            assertThat(unknown.status()).as("attempt " + i).isEqualTo(known.status());
            assertThat(body(unknown)).as("attempt " + i).isEqualTo(body(known));
            assertThat(unknown.header("Retry-After") == null).isEqualTo(known.header("Retry-After") == null);
            if (i < 6) {
                assertThat(known.status()).isEqualTo(401);
                assertThat(known.json().get("title").asText()).isEqualTo("Wrong email or password");
            } else {
                assertThat(known.status()).isEqualTo(429);
            }
        }
    }

    @Test
    void logOutRevokesTheTokenAndEveryLogInGetsANewOne() {
        readyAccount("tanvir@shop.example", Role.OWNER);
        String first = logIn("tanvir@shop.example", PASSWORD).json().at("/data/token").asText();
        String second = logIn("tanvir@shop.example", PASSWORD).json().at("/data/token").asText();
        assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(40);
        // Only the hash is stored.
        assertThat(jdbc.sql("SELECT count(*) FROM staff_sessions WHERE token_sha256 = ? OR token_sha256 = ?")
                .params(first, second).query(Long.class).single()).isZero();

        assertThat(admin("DELETE", "/api/admin/session", null, first).status()).isEqualTo(204);
        Answer after = admin("GET", "/api/admin/me", null, first);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(admin("GET", "/api/admin/me", null, second).status()).isEqualTo(200);
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionOfTheAccount() {
        readyAccount("farzana@shop.example", Role.SUPPORT);
        String laptop = logIn("farzana@shop.example", PASSWORD).json().at("/data/token").asText();
        String phone = logIn("farzana@shop.example", PASSWORD).json().at("/data/token").asText();
        assertThat(admin("POST", "/api/admin/me/password",
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"a brand new passphrase\"}", laptop).status())
                .isEqualTo(204);
        assertThat(admin("GET", "/api/admin/me", null, laptop).status()).isEqualTo(200);
        assertThat(admin("GET", "/api/admin/me", null, phone).status()).isEqualTo(401);
    }

    @Test
    void anExpiredOrIdleSessionIsRefused() {
        String token = readyAccount("idle@shop.example", Role.SUPPORT);
        jdbc.sql("UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes'").update();
        assertThat(admin("GET", "/api/admin/me", null, token).status()).isEqualTo(401);
        String fresh = logIn("idle@shop.example", PASSWORD).json().at("/data/token").asText();
        jdbc.sql("UPDATE staff_sessions SET expires_at = now() - interval '1 second'").update();
        assertThat(admin("GET", "/api/admin/me", null, fresh).status()).isEqualTo(401);
    }

    @Test
    void aDisabledAccountCannotLogInAndItsSessionsEnd() {
        String owner = readyAccount("boss@shop.example", Role.OWNER);
        String token = readyAccount("leaver@shop.example", Role.ORDER_HANDLER);
        long id = jdbc.sql("SELECT id FROM staff WHERE email = 'leaver@shop.example'").query(Long.class).single();
        assertThat(admin("PATCH", "/api/admin/staff/" + id, "{\"disabled\":true}", owner).status()).isEqualTo(200);
        assertThat(admin("GET", "/api/admin/me", null, token).status()).isEqualTo(401);
        assertThat(logIn("leaver@shop.example", PASSWORD).status()).isEqualTo(401);
    }

    private static String body(Answer answer) {
        JsonNode json = answer.json().deepCopy();
        ((tools.jackson.databind.node.ObjectNode) json).remove("instance");
        return json.toString();
    }
}
