package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.undelete.UndeleteReport;
import com.dhakacart.dr.undelete.UndeleteRequest;
import com.dhakacart.dr.undelete.Undeleter;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code undelete}: brings deleted rows back into the live database from a side instance restored at T0. */
@Command(name = "undelete", mixinStandardHelpOptions = true,
        description = {"Bring deleted rows back into the live database, keeping every newer change: restores a side"
                + " instance at the target (scratch directory and port, never the live cluster), finds the rows of"
                + " the table that exist there but not live, follows foreign keys (a deleted order comes back with"
                + " its items, a missing parent with its child) and inserts them, parents first, in one transaction.",
                "Rows are matched by primary key, so rows created after the target are never touched. Rows present"
                        + " on both sides but different are reported, and put back only with --overwrite-changed."})
final class UndeleteCommand implements Callable<Integer> {

    private static final int SHOWN_KEYS = 20;

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Option(names = "--table", required = true, paramLabel = "T", description = "The table whose rows to bring back (schema.table, or table in public).")
    String table;

    @Option(names = "--where", paramLabel = "SQL",
            description = "Only rows matching this condition at the target, e.g. \"category = 'Books'\" (rows are read on the side instance; live, it is only EXPLAINed, read-only, to catch a typo early).")
    String where;

    @Option(names = "--database", paramLabel = "D", defaultValue = "dhakacart_db", description = "Database (default: ${DEFAULT-VALUE}).")
    String database;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Point point;

    static final class Point {
        @Option(names = "--to-time", required = true, paramLabel = "T0", description = "The rows as they were at T0 (ISO-8601, no zone = UTC).")
        String toTime;

        @Option(names = "--to-lsn", required = true, paramLabel = "LSN", description = "The rows as they were after the WAL record at LSN.")
        String toLsn;

        @Option(names = "--before-lsn", required = true, paramLabel = "LSN",
                description = "The rows as they were just before the WAL record at LSN (what `dr timeline` prints).")
        String beforeLsn;
    }

    @Option(names = "--overwrite-changed", description = "Also put rows that exist live but differ back to their old values"
            + " (a newer legitimate change, e.g. stock taken by a later order, would be lost).")
    boolean overwriteChanged;

    @Option(names = "--dry-run", description = "Only show what would come back; change nothing.")
    boolean dryRun;

    @Option(names = "--side-port", paramLabel = "P", description = "Port for the side instance (default: any free port).")
    int sidePort;

    @Override
    public Integer call() throws Exception {
        DrSettings settings = main.settings();
        String lsn = point.toLsn != null ? point.toLsn : point.beforeLsn;
        UndeleteRequest request = new UndeleteRequest(database, table, where,
                point.toTime == null ? null : RestoreCommand.parseTime(point.toTime),
                lsn == null ? null : RestoreCommand.parseLsn(lsn), point.beforeLsn == null, overwriteChanged, dryRun,
                sidePort);
        try (Vault vault = Repositories.open(settings, main.env, false, main.progress())) {
            UndeleteReport report = new Undeleter(new Postgres(settings), vault).undelete(request, main.progress());
            if (options.json) {
                main.out.println(Catalogue.JSON.writeValueAsString(report));
            } else {
                print(report, main.out);
            }
        }
        return ExitCodes.OK;
    }

    static void print(UndeleteReport r, java.io.PrintWriter out) {
        out.printf("%s%s rows of %s.%s%s as at %s (backup %s)%n", r.dryRun() ? "dry run, nothing changed: would bring back "
                        : "brought back ", r.restoredRows(), r.database(), r.table(),
                r.where() == null ? "" : " where " + r.where(), r.target(), r.backupId());
        if (r.tables().isEmpty()) {
            out.println("  nothing is missing: every row there is live");
        }
        for (UndeleteReport.TableResult t : r.tables()) {
            if (t.restored() > 0) {
                out.printf("  %-24s %6d %s: %s%n", t.table(), t.restored(), r.dryRun() ? "missing" : "brought back",
                        shown(t.restoredKeys()));
            }
            if (t.changed() > 0) {
                out.printf("  %-24s %6d differ live (%s): %s%n", t.table(), t.changed(),
                        t.overwritten() ? "put back to their old values" : "left as they are; --overwrite-changed puts them back",
                        shown(t.changedKeys()));
            }
        }
    }

    private static String shown(List<String> keys) {
        return keys.size() <= SHOWN_KEYS ? String.join(" ", keys)
                : String.join(" ", keys.subList(0, SHOWN_KEYS)) + " ... (" + (keys.size() - SHOWN_KEYS) + " more; --json lists all)";
    }
}
