/** The checkout page, the order confirmation and the order lookup. */
package com.dhakacart.storefront.order.web;
