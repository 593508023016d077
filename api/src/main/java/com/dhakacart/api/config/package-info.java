/** Reads the 12-factor DATABASE_URL family into Spring's datasource settings. */
package com.dhakacart.api.config;
