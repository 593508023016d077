/**
 * Plain-Java domain values with no Spring in them: Money (exact taka and poisha, used by the storefront) and
 * PhoneNumber (one rule for valid phone numbers, used by the API and the storefront).
 */
package com.dhakacart.kernel;
