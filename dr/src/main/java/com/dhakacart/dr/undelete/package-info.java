/** Brings deleted rows back into the live database from a side instance restored at an earlier point, following foreign keys. */
package com.dhakacart.dr.undelete;
