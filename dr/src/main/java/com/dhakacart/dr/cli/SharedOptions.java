package com.dhakacart.dr.cli;

import picocli.CommandLine.Option;

/** Flags every command takes. */
final class SharedOptions {

    @Option(names = "--json", description = "Machine-readable JSON on stdout (progress still goes to stderr).")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces and the output of PostgreSQL's programs.")
    boolean verbose;
}
