/**
 * The audit log: one append-only entry per back-office change (who, with which role, when, what, before and
 * after, why, from which address), written in the change's own transaction; the database refuses edits.
 */
package com.dhakacart.api.audit;
