/** Which backups and WAL to keep, never deleting the only verified backup. */
package com.dhakacart.dr.retention;
