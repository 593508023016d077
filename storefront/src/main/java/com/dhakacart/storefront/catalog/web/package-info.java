/** The catalog and product pages. */
package com.dhakacart.storefront.catalog.web;
