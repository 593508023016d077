package com.dhakacart.dr.cli;

import com.dhakacart.dr.settings.DrSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/** The DR command-line tool ({@code ./dhakacart dr ...}): backups, restores, verification and the agent. */
@Command(name = "dhakacart dr", mixinStandardHelpOptions = true, version = "dhakacart dr 1.0",
        description = "Disaster recovery for DhakaCart's PostgreSQL and Redis: continuous encrypted backups,"
                + " point-in-time restore, verification drills.",
        subcommands = {BackupCommand.class, ListCommand.class, VerifyCommand.class, RestoreCommand.class, TimelineCommand.class, UndeleteCommand.class,
                RedisBackupCommand.class, RedisRestoreCommand.class,
                StatusCommand.class, AgentCommand.class, SyncOffCommand.class, KeyCommand.class,
                DrillCommand.class, WarmUpCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  DHAKACART_HOME        base directory (default ./var)",
                "  DR_PG_HOST, DR_PG_PORT, DR_PG_USER   PostgreSQL to protect (127.0.0.1, $PG_PORT or 5432, postgres)",
                "  DR_PG_PASSWORD / DR_PG_PASSWORD_FILE  its password (default file $DHAKACART_HOME/secrets/pg-password)",
                "  DR_PGDATA             data directory restored in place (default $DHAKACART_HOME/pg/data)",
                "  DR_PG_OS_USER         OS user that owns PGDATA when we run as root (postgres)",
                "  PG_BIN                PostgreSQL programs (/usr/lib/postgresql/15/bin)",
                "  DR_REPOSITORIES       comma-separated repositories: file:///path, s3://bucket/prefix?endpoint=...",
                "                        (default file://$DHAKACART_HOME/backups)",
                "  DR_KEY_FILE / DR_KEY  encryption key file (default $DHAKACART_HOME/keys/backup.key) / base64 key",
                "  DR_SPOOL              local WAL spool (default $DHAKACART_HOME/dr/spool)",
                "  DR_SYNCHRONOUS        on (default): commits wait for the WAL receiver while it streams; off: never",
                "  DR_SYNC_GRACE_SECONDS how long a dead receiver may hold commits before dropping to async (3)",
                "  DR_BACKUP_INTERVAL_HOURS  agent's base backup interval (24); DR_KEEP_FULL  full backups kept (7)",
                "  DR_REDIS_INTERVAL_MINUTES / DR_DRILL_INTERVAL_HOURS  agent's Redis snapshots (15) / restore drills (168); 0 = off",
                "  DR_METRICS_PORT       agent's Prometheus /metrics port (9464)",
                "  DR_METRICS_ADDRESS    address /metrics listens on (127.0.0.1; the images set 0.0.0.0)",
                "  REDIS_URL             Redis for redis-backup / redis-restore (redis://127.0.0.1:6379)",
                "  AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY  credentials for s3:// repositories"})
public final class DrMain implements Runnable {

    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> env;
    private DrSettings settings;

    @Spec
    CommandSpec spec;

    DrMain(PrintWriter out, PrintWriter err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command, e.g. `dhakacart dr status`");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(out, err, System.getenv(), args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** Runs one command with the given environment; returns its exit code (see {@link ExitCodes}). */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        boolean verbose = Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
        CommandLine commandLine = new CommandLine(new DrMain(out, err, env));
        commandLine.setUsageHelpWidth(110);
        commandLine.setOut(out);
        commandLine.setErr(err);
        document(commandLine);
        commandLine.setExecutionExceptionHandler((failure, cmd, parseResult) -> {
            err.println(cmd.getCommandSpec().qualifiedName(" ") + ": " + oneLine(failure));
            if (verbose) {
                failure.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.of(failure);
        });
        commandLine.setParameterExceptionHandler((failure, arguments) -> {
            err.println("dhakacart dr: " + failure.getMessage());
            err.println("Try 'dhakacart dr " + String.join(" ", subcommandPath(failure.getCommandLine()))
                    + " --help'.");
            err.flush();
            return ExitCodes.USAGE;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    DrSettings settings() {
        if (settings == null) {
            settings = DrSettings.fromEnvironment(env);
        }
        return settings;
    }

    /**
     * Progress for long operations: timestamped lines on stderr, so stdout stays clean for --json. To the
     * millisecond, so that where a restore's seconds go can be read off them (bench/dr-backup-restore.sh).
     */
    Consumer<String> progress() {
        return message -> {
            err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
            err.flush();
        };
    }

    static String oneLine(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof UncheckedIOException || t instanceof CommandLine.ExecutionException
                || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException missing) {
            message = missing.getReason() != null ? missing.getReason() : "no such file: " + missing.getFile();
        } else if (t instanceof java.nio.file.AccessDeniedException) {
            message = "permission denied: " + message;
        }
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static void document(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.documented());
        commandLine.getSubcommands().values().forEach(DrMain::document);
    }

    private static java.util.List<String> subcommandPath(CommandLine commandLine) {
        java.util.LinkedList<String> names = new java.util.LinkedList<>();
        for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
            names.addFirst(c.getCommandName());
        }
        return names;
    }
}
