/** The cart page, its forms, and the cart badge every page shows. */
package com.dhakacart.storefront.cart.web;
