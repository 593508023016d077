/** The operator's staff command ({@code ./dhakacart staff add}), run by the API jar without its web server. */
package com.dhakacart.api.staff.cli;
