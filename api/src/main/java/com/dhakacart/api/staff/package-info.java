/**
 * Staff who run the shop: accounts with a role, Argon2id passwords (one-time until changed), bearer-token
 * sessions kept only as SHA-256, and the log-in with its lock-out. {@code web/} holds the /api/admin security
 * and the session and staff endpoints; {@code cli/} the first owner's command.
 */
package com.dhakacart.api.staff;
