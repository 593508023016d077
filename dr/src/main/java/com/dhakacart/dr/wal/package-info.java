/**
 * WAL from commit to vault: pg_receivewal streams it into a local spool and the shipper seals it into the
 * repositories.
 */
package com.dhakacart.dr.wal;
