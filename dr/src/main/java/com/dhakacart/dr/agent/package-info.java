/**
 * The long-running DR agent: keeps WAL streaming and shipping, commits synchronous while it streams, and serves
 * metrics.
 */
package com.dhakacart.dr.agent;
