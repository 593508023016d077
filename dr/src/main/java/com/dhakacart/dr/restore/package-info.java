/** Restores, as named steps: select the base backup, validate the target, stage WAL, and replay to the target time. */
package com.dhakacart.dr.restore;
