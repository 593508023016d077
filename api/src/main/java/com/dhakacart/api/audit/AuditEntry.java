package com.dhakacart.api.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.OffsetDateTime;

/** One entry of the audit log as staff read it; {@code before} and {@code after} are JSON objects (or null). */
public record AuditEntry(long id, OffsetDateTime at, String staffEmail, String staffRole, String action,
                         String targetType, String targetId, @JsonRawValue String before,
                         @JsonRawValue String after, String reason, String clientAddress) {
}
