/** What changed when: per minute and table, row changes and schema changes read from the archived WAL with pg_waldump. */
package com.dhakacart.dr.timeline;
