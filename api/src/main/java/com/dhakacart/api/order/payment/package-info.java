/** The ways to pay for an order (cash on delivery today), one PaymentProvider each. */
package com.dhakacart.api.order.payment;
