/** The audit log's read endpoint for staff. */
package com.dhakacart.api.audit.web;
