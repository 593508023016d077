/** What the shopper chose on the catalog page, cleaned into a sensible API query. */
package com.dhakacart.storefront.catalog;
