/**
 * The back office's HTTP edge: Spring Security for {@code /api/admin/**} only (bearer tokens, the role table,
 * 401/403 as problem+json), the log-in/log-out and password endpoints, and the owner's staff endpoints.
 */
package com.dhakacart.api.staff.web;
