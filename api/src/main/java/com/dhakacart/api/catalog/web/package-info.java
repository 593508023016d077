/** The catalog's HTTP endpoints (/api/products, /api/categories) with the original paths and envelope. */
package com.dhakacart.api.catalog.web;
