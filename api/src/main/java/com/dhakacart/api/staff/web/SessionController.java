package com.dhakacart.api.staff.web;

import com.dhakacart.api.ratelimit.ClientAddresses;
import com.dhakacart.api.staff.StaffAccounts;
import com.dhakacart.api.staff.StaffSessions;
import com.dhakacart.api.web.Fields;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Staff log in (a bearer token), see who they are, change their password, and log out. */
@RestController
class SessionController {

    private final StaffAccounts accounts;
    private final ClientAddresses addresses;

    SessionController(StaffAccounts accounts, ClientAddresses addresses) {
        this.accounts = accounts;
        this.addresses = addresses;
    }

    record LogInBody(String email, String password) {
    }

    record SessionView(String token, OffsetDateTime expiresAt, StaffView staff) {
    }

    record PasswordBody(String currentPassword, String newPassword) {
    }

    @PostMapping("/api/admin/session")
    Map<String, Object> logIn(@RequestBody LogInBody body, HttpServletRequest http) {
        String email = Fields.text("email", body.email(), 1, 254, true);
        String password = password("password", body.password());
        StaffAccounts.LoggedIn in = accounts.logIn(email, password, addresses.clientOf(http));
        return Map.of("data", new SessionView(in.session().token(), in.session().expiresAt(), StaffView.of(in.member())));
    }

    @DeleteMapping("/api/admin/session")
    ResponseEntity<Void> logOut(StaffSessions.Current current) {
        accounts.logOut(current);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/admin/me")
    Map<String, Object> me(StaffSessions.Current current) {
        return Map.of("data", StaffView.of(current.member()));
    }

    @PostMapping("/api/admin/me/password")
    ResponseEntity<Void> changePassword(@RequestBody PasswordBody body, StaffSessions.Current current,
                                        HttpServletRequest http) {
        accounts.changePassword(current, password("current_password", body.currentPassword()),
                password("new_password", body.newPassword()), addresses.clientOf(http));
        return ResponseEntity.noContent().build();
    }

    /** Any characters (spaces too), but bounded: Argon2 should not hash a megabyte. */
    private static String password(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw Fields.invalid(field, "is required");
        }
        if (value.length() > StaffAccounts.MAX_PASSWORD || value.indexOf('\0') >= 0) {
            throw Fields.invalid(field, "must be at most " + StaffAccounts.MAX_PASSWORD + " characters");
        }
        return value;
    }
}
