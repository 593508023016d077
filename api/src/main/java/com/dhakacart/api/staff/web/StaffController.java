package com.dhakacart.api.staff.web;

import com.dhakacart.api.audit.Actor;
import com.dhakacart.api.staff.Role;
import com.dhakacart.api.staff.StaffAccounts;
import com.dhakacart.api.web.Fields;
import com.dhakacart.api.web.NotFound;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The owner's management of staff accounts. */
@RestController
class StaffController {

    private final StaffAccounts accounts;

    StaffController(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    record NewStaffBody(String email, String name, String role) {
    }

    record ChangeBody(String role, Boolean disabled) {
    }

    record CreatedView(StaffView staff, String oneTimePassword) {
    }

    @GetMapping("/api/admin/staff")
    Map<String, Object> list() {
        return Map.of("data", accounts.all().stream().map(StaffView::of).toList());
    }

    @PostMapping("/api/admin/staff")
    ResponseEntity<Map<String, Object>> create(@RequestBody NewStaffBody body, Actor actor) {
        String email = email(body.email());
        String name = Fields.text("name", body.name(), 1, 200, true);
        Role role = role(body.role(), true);
        StaffAccounts.Created created = accounts.create(actor, email, name, role);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("data",
                new CreatedView(StaffView.of(created.member()), created.oneTimePassword())));
    }

    @PatchMapping("/api/admin/staff/{id}")
    Map<String, Object> change(@PathVariable String id, @RequestBody ChangeBody body, Actor actor) {
        long staffId = id(id);
        Role role = role(body.role(), false);
        return Map.of("data", StaffView.of(accounts.update(actor, staffId, role, body.disabled())));
    }

    static String email(String value) {
        String email = Fields.text("email", value, 3, 254, true);
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
            throw Fields.invalid("email", "must be an email address");
        }
        return email;
    }

    private static Role role(String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        return Role.fromWire(value == null ? "" : value).orElseThrow(() ->
                Fields.invalid("role", "must be one of owner, catalog_manager, order_handler, support"));
    }

    private static long id(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // the same answer as an unknown id
        }
        throw new NotFound("Staff member " + id + " not found");
    }
}
