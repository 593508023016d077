/**
 * The back office's core: the client for the admin REST API ({@code /api/admin/...}, contract in
 * ADMIN-API.md) and what a signed-in staff member keeps in the session. The API decides every permission;
 * the pages in {@code web/} only ask it and show its answers.
 */
package com.dhakacart.storefront.backoffice;
