/** The storefront's HTTP client for the DhakaCart API and the records it speaks; it knows none of the features. */
package com.dhakacart.storefront.shopapi;
