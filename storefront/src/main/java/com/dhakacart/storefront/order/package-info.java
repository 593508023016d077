/** Checkout: places the cart as an order at the prices shown and explains the API's refusals in shopper terms. */
package com.dhakacart.storefront.order;
