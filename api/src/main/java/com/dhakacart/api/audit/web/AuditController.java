package com.dhakacart.api.audit.web;

import com.dhakacart.api.audit.AuditLog;
import com.dhakacart.api.web.Paged;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every staff member may read the audit log, newest first; nobody can change it. */
@RestController
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/admin/audit")
    Map<String, Object> list(@RequestParam(required = false) String page,
                             @RequestParam(required = false) String size,
                             @RequestParam(name = "target_type", required = false) String targetType,
                             @RequestParam(name = "target_id", required = false) String targetId) {
        int number = Paged.page(page);
        int perPage = Paged.size(size);
        String type = Paged.text("target_type", targetType, 50);
        String id = Paged.text("target_id", targetId, 100);
        return Paged.of(audit.find(type, id, number, perPage), number, perPage, audit.count(type, id));
    }
}
