/** Restore drills: restore into a scratch instance beside the live one and prove the data reads back. */
package com.dhakacart.dr.drill;
