/** Base backups: pg_basebackup, checked with pg_verifybackup, then sealed into the vault. */
package com.dhakacart.dr.backup;
