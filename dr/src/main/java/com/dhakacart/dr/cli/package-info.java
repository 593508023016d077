/** The picocli command line (./dhakacart dr ...): thin commands over the core, with exit codes decided in one place. */
package com.dhakacart.dr.cli;
