/** The raw byte boundary of a backup repository (BackupStore), with one sub-package per backend. */
package com.dhakacart.dr.store;
