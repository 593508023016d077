package com.dhakacart.dr.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the DR tool reaches PostgreSQL: JDBC for queries, and PostgreSQL's own programs for the byte-level
 * work. Client programs get the password through PGPASSWORD; server programs (pg_ctl) run as the
 * cluster's OS user when we are root, because PostgreSQL refuses to run as root.
 */
public final class Postgres {

    private final DrSettings settings;

    public Postgres(DrSettings settings) {
        this.settings = settings;
    }

    public DrSettings settings() {
        return settings;
    }

    public String jdbcUrl(String database) {
        return jdbcUrl(database, Duration.ofSeconds(60));
    }

    /** A URL whose queries give up after {@code queryTimeout} (the supervisor must never hang on a stuck server). */
    public String jdbcUrl(String database, Duration queryTimeout) {
        return "jdbc:postgresql://" + settings.pgHost() + ":" + settings.pgPort() + "/" + database
                + "?ApplicationName=dhakacart-dr&connectTimeout=5&socketTimeout=" + queryTimeout.toSeconds();
    }

    public Connection connect(String database) throws SQLException {
        return connect(database, Duration.ofSeconds(60));
    }

    public Connection connect(String database, Duration queryTimeout) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database, queryTimeout), settings.pgUser(),
                settings.pgPassword() == null ? "" : settings.pgPassword());
    }

    /** A libpq client program (pg_basebackup, pg_receivewal, ...) aimed at the configured server. */
    public ProcessBuilder client(String program, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(program(program));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("PGHOST", settings.pgHost());
        env.put("PGPORT", String.valueOf(settings.pgPort()));
        env.put("PGUSER", settings.pgUser());
        if (settings.pgPassword() != null) {
            env.put("PGPASSWORD", settings.pgPassword());
        } else {
            env.remove("PGPASSWORD");
        }
        return builder;
    }

    /** A server-side program (pg_ctl, initdb), run as the cluster's OS user when we are root. */
    public ProcessBuilder server(String program, List<String> args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", settings.pgOsUser(), "--"));
        }
        command.add(program(program));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** Any command, run as the cluster's OS user when we are root (to check what the server will be able to read). */
    public ProcessBuilder asServerUser(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", settings.pgOsUser(), "--"));
        }
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    public String program(String name) {
        return settings.pgBin().resolve(name).toString();
    }

    /** Runs a program to completion and returns its output; on failure throws with the output's last line. */
    public static String run(ProcessBuilder builder, Duration timeout) {
        String name = Path.of(builder.command().get(builder.command().get(0).equals("runuser") ? 4 : 0))
                .getFileName().toString();
        Process process = null;
        try {
            Path log = Files.createTempFile("dhakacart-dr", ".log");
            try {
                process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new PostgresFailed(name + " did not finish within " + timeout.toSeconds() + " s");
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new PostgresFailed(name + " failed (exit " + process.exitValue() + "): " + lastLine(output));
                }
                return output;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new PostgresFailed("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            // we are being stopped: do not leave the program running behind us
            process.destroy();
            Thread.currentThread().interrupt();
            throw new PostgresFailed(name + " interrupted", e);
        }
    }

    /** Gives a tree to the cluster's OS user so the server can own it (only needed when we are root). */
    public void chownToServerUser(Path path) {
        if (isRoot()) {
            run(new ProcessBuilder("chown", "-R", settings.pgOsUser() + ":" + settings.pgOsUser(), path.toString()),
                    Duration.ofMinutes(10));
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                return line;
            }
        }
        return "(no output)";
    }
}
