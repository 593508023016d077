/** The DR tool's settings, read once from the environment, and how it reaches PostgreSQL and its programs. */
package com.dhakacart.dr.settings;
