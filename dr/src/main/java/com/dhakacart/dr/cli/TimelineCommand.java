package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.timeline.Relations;
import com.dhakacart.dr.timeline.Timeline;
import com.dhakacart.dr.timeline.TimelineReader;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/** {@code timeline}: what changed when, from the archived WAL, to find when mass destruction started. */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"Show what changed when, read from the archived WAL with pg_waldump: per minute and table the"
                + " rows inserted, updated and deleted by committed transactions, and schema changes (CREATE, ALTER,"
                + " TRUNCATE/REWRITE, DROP). Minutes whose updates and deletes on a table far exceed its usual rate,"
                + " and every TRUNCATE or DROP, are flagged, with the LSN to restore just before."})
final class TimelineCommand implements Callable<Integer> {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Option(names = "--since", paramLabel = "T", description = "First commit time to show (default: 24 hours ago).")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "Last commit time to show (default: the newest WAL).")
    String until;

    @Option(names = "--names-port", paramLabel = "P",
            description = "Read table names from the server on port P (e.g. a restored side instance) instead of DR_PG_PORT.")
    Integer namesPort;

    @Override
    public Integer call() throws Exception {
        DrSettings settings = main.settings();
        Instant from = since == null ? Instant.now().minus(Duration.ofHours(24)) : time("--since", since);
        Instant to = until == null ? null : time("--until", until);
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("--until " + until + " is before --since " + from);
        }
        Relations relations = relations(namesPort == null ? settings : settings.withPgPort(namesPort));
        try (Vault vault = Repositories.open(settings, main.env, false, main.progress())) {
            Timeline timeline = new TimelineReader(new Postgres(settings), vault).read(from, to, relations, main.progress());
            if (options.json) {
                main.out.println(Catalogue.JSON.writeValueAsString(timeline));
            } else {
                print(timeline);
            }
        }
        return ExitCodes.OK;
    }

    private Relations relations(DrSettings settings) {
        Postgres server = new Postgres(settings);
        try {
            return Relations.read("the server on port " + settings.pgPort(), database -> {
                try {
                    return server.connect(database, Duration.ofSeconds(30));
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        } catch (SQLException | RuntimeException down) {
            main.progress().accept("table names unavailable (" + DrMain.oneLine(down) + "): relations are shown by"
                    + " number; --names-port can point at a restored copy");
            return Relations.none("no server on port " + settings.pgPort());
        }
    }

    private void print(Timeline t) {
        main.out.printf("WAL %s .. %s, %d records; commits %s .. %s; table names from %s%n", t.startLsn(), t.endLsn(),
                t.records(), t.from() == null ? "-" : t.from(), t.to() == null ? "-" : t.to(), t.names());
        main.out.printf("%-16s  %-32s %9s %9s %9s  %-12s %s%n", "minute (UTC)", "table", "inserted", "updated",
                "deleted", "first LSN", "");
        for (Timeline.TableMinute c : t.changes()) {
            main.out.printf("%-16s  %-32s %9d %9d %9d  %-12s %s%n", MINUTE.format(c.minute()),
                    c.database() + "." + c.table(), c.inserted(), c.updated(), c.deleted(), c.firstLsn(),
                    c.spike() == null ? "" : "SPIKE " + c.spike() + "; restore before " + c.restoreBefore());
        }
        if (!t.schemaChanges().isEmpty()) {
            main.out.println("schema changes:");
            for (Timeline.SchemaChange s : t.schemaChanges()) {
                main.out.printf("%s  %-16s %s: %s  first LSN %s, commit %s%s%n", SECOND.format(s.at()), s.kind(),
                        s.database(), s.tables().isEmpty() ? "(no table named)" : String.join(", ", s.tables()),
                        s.firstLsn(), s.commitLsn(), s.destructive() ? "  DESTRUCTIVE" : "");
            }
        }
        t.notes().forEach(note -> main.out.println("note: " + note));
        t.firstSuspect().ifPresentOrElse(s -> {
            main.out.println("first suspicious change: " + s.at() + " " + s.what());
            main.out.println("  restore a copy to just before it:  ./dhakacart dr restore --before-lsn " + s.restoreBeforeLsn()
                    + " --target-dir DIR --port P");
            main.out.println("  or bring the rows back into the live shop:  ./dhakacart dr undelete --table TABLE --before-lsn "
                    + s.restoreBeforeLsn() + " --dry-run");
        }, () -> main.out.println("no spike and no TRUNCATE or DROP in this window"));
    }

    private static Instant time(String option, String text) {
        try {
            return RestoreCommand.parseTime(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a time like 2026-11-27T01:30:00Z");
        }
    }
}
