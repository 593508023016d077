/** The order endpoints with the original payload, and the HTTP answer to each reason an order is rejected. */
package com.dhakacart.api.order.web;
