/** Restores, as named steps: select the base backup, validate the target, stage WAL, and replay to the target time or LSN. */
package com.dhakacart.dr.restore;
