/**
 * Limits on placing orders (per client token, per phone number, per real client address) and on looking
 * orders up by phone, as Bucket4j token buckets in Redis so every API replica shares them; judged on the
 * route Spring matched, with X-Forwarded-For believed only from configured trusted proxies.
 */
package com.dhakacart.api.ratelimit;
