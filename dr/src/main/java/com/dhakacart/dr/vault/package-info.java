/**
 * Where backups live: sealed, checksummed files over one or more stores (mirrored), opened from the configured
 * repositories.
 */
package com.dhakacart.dr.vault;
