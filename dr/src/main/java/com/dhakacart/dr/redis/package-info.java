/** Redis backups (carts and sessions): snapshots over the Redis protocol, sealed into the vault, and restores. */
package com.dhakacart.dr.redis;
