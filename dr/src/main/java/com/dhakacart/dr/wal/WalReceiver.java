package com.dhakacart.dr.wal;

import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.settings.PostgresFailed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs pg_receivewal on our replication slot, streaming WAL into the local spool as it is written.
 * With {@code --synchronous} it flushes and acknowledges every write at once, which is what lets
 * PostgreSQL treat it as a synchronous standby (under the name {@code application_name}).
 */
public final class WalReceiver {

    private final Postgres postgres;
    private Process process;

    public WalReceiver(Postgres postgres) {
        this.postgres = postgres;
    }

    /** Creates the replication slot if it is missing, so the server keeps WAL the receiver has not had yet. */
    public void ensureSlot() throws IOException {
        Files.createDirectories(postgres.settings().spool());
        Postgres.run(postgres.client("pg_receivewal", List.of("-D", postgres.settings().spool().toString(),
                "-S", postgres.settings().slot(), "--create-slot", "--if-not-exists", "--no-password")),
                Duration.ofSeconds(30));
    }

    public synchronized void start() throws IOException {
        if (isRunning()) {
            return;
        }
        Path spool = postgres.settings().spool();
        Files.createDirectories(spool);
        Files.createDirectories(postgres.settings().logDir());
        List<String> args = new ArrayList<>(List.of("-D", spool.toString(), "-S", postgres.settings().slot(),
                "--synchronous", "--no-loop", "--status-interval=1", "--no-password", "--verbose",
                "--dbname=application_name=" + postgres.settings().applicationName()));
        Path log = postgres.settings().logDir().resolve("pg_receivewal.log");
        process = postgres.client("pg_receivewal", args)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Files.writeString(pidFile(), String.valueOf(process.pid()));
    }

    /**
     * Stops a receiver left behind by an agent that was killed outright (SIGKILL leaves the child
     * running): it would hold the spool and answer for a supervisor that no longer exists.
     */
    public void stopOrphan() throws IOException {
        Path pidFile = pidFile();
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.endsWith("pg_receivewal")).orElse(false))
                    .ifPresent(p -> {
                        p.destroy();
                        p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> {
                            p.destroyForcibly();
                            return p;
                        }).join();
                    });
        } catch (NumberFormatException unreadable) {
            // nothing we can identify
        }
        Files.deleteIfExists(pidFile);
    }

    /**
     * True when the server has invalidated our slot (it outgrew max_slot_wal_keep_size while no receiver
     * ran): the slot is then dropped so it can be re-created, and the caller must take a new base backup
     * because the WAL archive has a gap.
     */
    public boolean dropSlotIfLost() {
        try (Connection connection = postgres.connect("postgres");
             java.sql.PreparedStatement statement = connection.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                             + " WHERE slot_name = ? AND wal_status = 'lost' AND NOT active")) {
            statement.setString(1, postgres.settings().slot());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new PostgresFailed("PostgreSQL unreachable: " + e.getMessage(), e);
        }
    }

    private Path pidFile() {
        return postgres.settings().stateDir().resolve("pg_receivewal.pid");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized Long pid() {
        return isRunning() ? process.pid() : null;
    }

    /** Stops the receiver cleanly (SIGTERM makes it flush and close its files), then forcibly if it lingers. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale pid file is checked against the process's command before use
        }
    }

    /** The server's current timeline, from the name of the WAL file it is writing. */
    public int serverTimeline() {
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)")) {
            rs.next();
            return Integer.parseInt(rs.getString(1), 16);
        } catch (SQLException e) {
            throw new PostgresFailed("PostgreSQL unreachable: " + e.getMessage(), e);
        }
    }
}
