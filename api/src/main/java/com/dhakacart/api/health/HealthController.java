package com.dhakacart.api.health;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The runbook's {@code /health} (what operators and the original monitors read) plus separate liveness
 * and readiness for Kubernetes: a database outage makes the pod unready, never restarts it.
 */
@RestController
class HealthController {

    private final Dependencies dependencies;

    HealthController(Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    /** 200 OK with everything up; 200 DEGRADED when only Redis is down (still selling); 503 without the database. */
    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() {
        boolean db = dependencies.databaseUp();
        boolean redis = dependencies.redisUp();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db && redis ? "OK" : "DEGRADED");
        body.put("services", Map.of("database", db ? "up" : "down", "redis", redis ? "up" : "down"));
        return ResponseEntity.status(db ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    @GetMapping("/health/live")
    Map<String, Object> live() {
        return Map.of("status", "UP");
    }

    @GetMapping("/health/ready")
    ResponseEntity<Map<String, Object>> ready() {
        boolean db = dependencies.databaseUp();
        return ResponseEntity.status(db ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", db ? "UP" : "DOWN"));
    }
}
