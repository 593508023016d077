/** What every page shares: layout, language, CSRF and security headers, taka formatting, and the 404 and 503 pages. */
package com.dhakacart.storefront.web;
