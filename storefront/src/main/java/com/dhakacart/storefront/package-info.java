/** The server-rendered storefront (port 3000): it owns no data and reaches the shop only through the API. */
package com.dhakacart.storefront;
