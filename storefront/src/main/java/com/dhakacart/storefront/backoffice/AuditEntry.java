package com.dhakacart.storefront.backoffice;

import tools.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** One entry of the append-only audit log: who did what to which thing, before and after, from where. */
public record AuditEntry(long id, OffsetDateTime at, String staffEmail, String staffRole, String action,
                         String targetType, String targetId, JsonNode before, JsonNode after, String reason,
                         String clientAddress) {

    public String beforeText() {
        return text(before);
    }

    public String afterText() {
        return text(after);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "" : node.toString();
    }
}
