package com.dhakacart.api.staff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The staff table. Emails are compared case-insensitively, as the unique index does. */
@org.springframework.stereotype.Repository
public class StaffMembers {

    static final String COLUMNS = "id, email, name, role, must_change_password, disabled, created_at";

    private final JdbcClient jdbc;

    public StaffMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account and its password hash, for a log-in. */
    record WithHash(StaffMember member, String passwordHash) {
    }

    Optional<WithHash> byEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash FROM staff WHERE lower(email) = lower(?)")
                .param(email).query((rs, n) -> new WithHash(row(rs, n), rs.getString("password_hash"))).optional();
    }

    Optional<WithHash> byIdWithHash(long id) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash FROM staff WHERE id = ?")
                .param(id).query((rs, n) -> new WithHash(row(rs, n), rs.getString("password_hash"))).optional();
    }

    /** The account, row-locked until the transaction ends (an update reads what it changes under the lock). */
    Optional<StaffMember> lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff WHERE id = ? FOR UPDATE").param(id).query(this::row).optional();
    }

    List<StaffMember> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff ORDER BY id").query(this::row).list();
    }

    /** Adds an account that must change its password at first log-in; empty when the email is taken. */
    public Optional<StaffMember> add(String email, String name, Role role, String passwordHash) {
        return jdbc.sql("""
                INSERT INTO staff (email, name, role, password_hash, must_change_password) VALUES (?, ?, ?, ?, true)
                ON CONFLICT (lower(email)) DO NOTHING RETURNING """ + " " + COLUMNS)
                .params(email, name, role.wire(), passwordHash).query(this::row).optional();
    }

    void change(long id, Role role, boolean disabled) {
        jdbc.sql("UPDATE staff SET role = ?, disabled = ? WHERE id = ?").params(role.wire(), disabled, id).update();
    }

    void setPassword(long id, String passwordHash) {
        jdbc.sql("UPDATE staff SET password_hash = ?, must_change_password = false WHERE id = ?")
                .params(passwordHash, id).update();
    }

    /** Owners who can still log in, with their rows locked, so two concurrent demotions cannot both pass. */
    long lockActiveOwners() {
        return jdbc.sql("SELECT id FROM staff WHERE role = 'owner' AND NOT disabled ORDER BY id FOR UPDATE")
                .query(Long.class).list().size();
    }

    StaffMember row(ResultSet rs, int rowNum) throws SQLException {
        return new StaffMember(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                Role.fromWire(rs.getString("role")).orElseThrow(), rs.getBoolean("must_change_password"),
                rs.getBoolean("disabled"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
