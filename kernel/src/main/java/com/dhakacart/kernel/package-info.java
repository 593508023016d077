/** Plain-Java domain values with no Spring in them, today Money (exact taka and poisha), used by the storefront. */
package com.dhakacart.kernel;
