/** The back office pages under {@code /admin}: staff log-in, orders, products, customers, audit log, staff. */
package com.dhakacart.storefront.backoffice.web;
