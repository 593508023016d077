/** A backup store in a local directory or mounted disk. */
package com.dhakacart.dr.store.local;
