package com.dhakacart.api.audit;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit_log table. {@link #record} must run inside the transaction of the change it describes
 * (it refuses to run outside one), so a change and its entry commit or vanish together. Nothing here
 * updates or deletes: the table's triggers would refuse it anyway.
 */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;
    // The application's own JSON settings (snake_case, ISO dates), so before/after read like the API.
    private final ObjectMapper json;

    public AuditLog(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes one entry; {@code before}/{@code after} are rendered as JSON (null stays null). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, String action, String targetType, String targetId, Object before, Object after,
                       String reason) {
        jdbc.sql("""
                INSERT INTO audit_log (staff_id, staff_email, staff_role, action, target_type, target_id, before,
                                       after, reason, client_address)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""")
                .params(actor.staffId(), actor.email(), actor.role(), action, targetType, targetId, render(before),
                        render(after), reason, actor.clientAddress())
                .update();
    }

    /** A page of entries, newest first, optionally only those about one target (type, or type and id). */
    public List<AuditEntry> find(String targetType, String targetId, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE true");
        Map<String, Object> params = new HashMap<>();
        where(sql, params, targetType, targetId);
        sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
        params.put("limit", size);
        params.put("offset", (long) (page - 1) * size);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new AuditEntry(rs.getLong("id"),
                rs.getObject("at", OffsetDateTime.class), rs.getString("staff_email"), rs.getString("staff_role"),
                rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getString("before"), rs.getString("after"), rs.getString("reason"),
                rs.getString("client_address"))).list();
    }

    public long count(String targetType, String targetId) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM audit_log WHERE true");
        Map<String, Object> params = new HashMap<>();
        where(sql, params, targetType, targetId);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    private static void where(StringBuilder sql, Map<String, Object> params, String targetType, String targetId) {
        if (targetType != null) {
            sql.append(" AND target_type = :type");
            params.put("type", targetType);
        }
        if (targetId != null) {
            sql.append(" AND target_id = :id");
            params.put("id", targetId);
        }
    }

    private String render(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot render an audit entry as JSON", e);
        }
    }
}
