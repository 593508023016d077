/**
 * The catalog: products in PostgreSQL, listings rendered once as the API's JSON and cached in process until a
 * product changes.
 */
package com.dhakacart.api.catalog;
