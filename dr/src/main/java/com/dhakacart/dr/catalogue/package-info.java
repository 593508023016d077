/** What a repository holds and can restore: base backups, archived WAL and the recoverable window. */
package com.dhakacart.dr.catalogue;
