/** Order placement: server-side pricing, stock taken in the same transaction as the order rows, idempotent retries. */
package com.dhakacart.api.order;
