/** The catalog's HTTP endpoints (/api/products, /api/categories, /images/products) with the original paths and envelope. */
package com.dhakacart.api.catalog.web;
