/**
 * The test harness every module's tests share: real PostgreSQL, Redis and helper processes on loopback ports,
 * and the package-cycle rule.
 */
package com.dhakacart.testing;
