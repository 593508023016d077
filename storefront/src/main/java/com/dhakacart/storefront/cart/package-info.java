/** The shopper's cart, kept in the session (Redis) and checked against the API's current prices and stock. */
package com.dhakacart.storefront.cart;
