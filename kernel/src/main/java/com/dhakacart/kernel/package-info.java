/**
 * Plain-Java domain values with no Spring in them, used by the API and the storefront: Money (exact taka and
 * poisha) and PhoneNumber (one rule for a valid phone number).
 */
package com.dhakacart.kernel;
