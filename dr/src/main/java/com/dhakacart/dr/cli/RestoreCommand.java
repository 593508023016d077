package com.dhakacart.dr.cli;

import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.Lsn;
import com.dhakacart.dr.restore.RestoreRequest;
import com.dhakacart.dr.restore.RestoreResult;
import com.dhakacart.dr.restore.Restorer;
import com.dhakacart.dr.settings.DrSettings;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.vault.Repositories;
import com.dhakacart.dr.vault.Vault;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/** {@code restore}: brings PostgreSQL back from the repository, in place or beside the old instance. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore PostgreSQL from the repository: every file is fetched and verified before the"
                + " target is touched, WAL is staged in parallel, then PostgreSQL replays it and is promoted.",
                "In place after a loss (default target DR_PGDATA on DR_PG_PORT), or as a new instance beside"
                        + " the old one with --target-dir and --port. The restored server is left running."})
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Point point;

    static final class Point {
        @Option(names = "--latest", required = true, description = "Restore every commit the repository holds.")
        boolean latest;

        @Option(names = "--to-time", required = true, paramLabel = "T",
                description = "Restore the state at T: ISO-8601, e.g. 2026-11-27T01:30:00Z (no zone = UTC).")
        String toTime;

        @Option(names = "--to-lsn", required = true, paramLabel = "LSN",
                description = "Restore up to and including the WAL record at LSN, e.g. 0/5A00028.")
        String toLsn;

        @Option(names = "--before-lsn", required = true, paramLabel = "LSN",
                description = "Restore to just before the WAL record at LSN: what `dr timeline` prints for a burst of damage.")
        String beforeLsn;

        @Option(names = "--backup", required = true, paramLabel = "ID",
                description = "Restore exactly the state of base backup ID (see `dhakacart dr list`): a known point.")
        String backupId;
    }

    @Option(names = "--target-dir", paramLabel = "D", description = "Data directory to restore into (default: DR_PGDATA).")
    Path targetDir;

    @Option(names = "--port", paramLabel = "P", description = "Port for the restored server (default: DR_PG_PORT).")
    Integer port;

    @Option(names = "--force", description = "Move a non-empty target directory aside (after all files are verified).")
    boolean force;

    @Option(names = "--delta", description = "Restore into the existing data directory in place, writing only the"
            + " blocks that differ from the backup (after every file is verified). Its old state is not kept;"
            + " an empty or missing directory gets a full restore.")
    boolean delta;

    @Option(names = "--accept-gap", description = "Restore up to a hole in the archived WAL instead of refusing"
            + " (the commits after the hole are lost).")
    boolean acceptGap;

    @Option(names = "--stop", description = "Stop the restored server cleanly once promoted (for a launcher that starts it).")
    boolean stop;

    @Override
    public Integer call() throws Exception {
        DrSettings settings = main.settings();
        Instant to = point.toTime == null ? null : parseTime(point.toTime);
        RestoreRequest request = new RestoreRequest(targetDir == null ? settings.pgData() : targetDir,
                port == null ? settings.pgPort() : port, to, force, stop, acceptGap, point.backupId);
        if (point.toLsn != null || point.beforeLsn != null) {
            request = request.toLsn(parseLsn(point.toLsn != null ? point.toLsn : point.beforeLsn), point.toLsn != null);
        }
        request = request.delta(delta);
        try (Vault vault = Repositories.open(settings, main.env, false, main.progress())) {
            RestoreResult result = new Restorer(new Postgres(settings), vault).restore(request, main.progress());
            if (options.json) {
                main.out.println(Catalogue.JSON.writeValueAsString(result));
            } else {
                main.out.printf("restored backup %s%s into %s: PostgreSQL on port %d, timeline %d, %d WAL files"
                                + " replayed%s; fetch %.1f s, replay %.1f s, total %.1f s%n",
                        result.backupId(), to != null ? " to " + to : point.backupId != null ? " to its own state"
                                : request.toLsn() != null
                                ? (request.inclusive() ? " to LSN " : " to just before LSN ") + request.toLsn() : "",
                        result.targetDir(), result.port(),
                        result.timeline(), result.walFiles(),
                        result.partialReplayed() == null ? "" : " (including the unfinished " + result.partialReplayed() + ")",
                        result.fetchMillis() / 1000.0, result.replayMillis() / 1000.0, result.totalMillis() / 1000.0);
                if (result.walGapAt() != null) {
                    main.out.println("WARNING: WAL segment " + result.walGapAt() + " was missing (--accept-gap);"
                            + " commits after it were not recovered");
                }
            }
        }
        return ExitCodes.OK;
    }

    static Lsn parseLsn(String text) {
        if (!text.strip().matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
            throw new IllegalArgumentException("'" + text + "' is not an LSN like 0/5A00028 (as `dhakacart dr timeline` prints)");
        }
        return Lsn.parse(text.strip().toUpperCase(java.util.Locale.ROOT));
    }

    static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text.trim().replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--to-time '" + text + "' is not a time like 2026-11-27T01:30:00Z");
            }
        }
    }
}
