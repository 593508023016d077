/** Per-client and per-IP limits on placing orders, counted in Redis so every API replica shares them. */
package com.dhakacart.api.ratelimit;
