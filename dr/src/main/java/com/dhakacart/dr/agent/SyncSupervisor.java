package com.dhakacart.dr.agent;

import com.dhakacart.dr.settings.Postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Keeps PostgreSQL's commits synchronous with the WAL receiver while it streams, and asynchronous
 * while it does not (Patroni's non-strict synchronous mode): a commit is acknowledged only once the
 * receiver holds its WAL, but a dead receiver never stops the shop from selling for more than
 * {@code syncGrace}.
 */
public final class SyncSupervisor {

    private final Postgres postgres;
    private final Consumer<String> log;
    private Connection connection;
    private Instant lastStreaming = Instant.now();
    private volatile ReplicationState state = ReplicationState.UNKNOWN;

    public SyncSupervisor(Postgres postgres, Consumer<String> log) {
        this.postgres = postgres;
        this.log = log;
    }

    /** One look at pg_stat_replication and, if needed, one change of synchronous_standby_names. */
    public ReplicationState tick() {
        try {
            ReplicationState now = observe();
            String name = postgres.settings().applicationName();
            boolean wanted = postgres.settings().synchronous();
            if (now.streaming()) {
                lastStreaming = Instant.now();
                if (wanted && !now.standbyNamesSet()) {
                    setStandbyNames("'" + name + "'");
                    log.accept("INFO WAL receiver streaming: synchronous commits on (synchronous_standby_names="
                            + name + ")");
                    now = observe();
                }
            } else {
                Duration down = Duration.between(lastStreaming, Instant.now());
                if (now.standbyNamesSet() && (!wanted || down.compareTo(postgres.settings().syncGrace()) >= 0)) {
                    // Said before it is done: the first commits released may return before this method does.
                    state = new ReplicationState(true, false, false, true, now.lagBytes(), now.lagSeconds());
                    log.accept("ALERT WAL receiver not streaming for " + down.toMillis() / 1000.0
                            + " s: dropping to asynchronous commits so the shop keeps selling; "
                            + "commits are not protected until it is back (dhakacart_dr_synchronous 0)");
                    setStandbyNames(null);
                    now = observe();
                }
            }
            state = now;
            return now;
        } catch (SQLException e) {
            closeQuietly();
            state = ReplicationState.UNKNOWN;
            return state;
        }
    }

    /** Back to asynchronous commits, as the agent leaves: nothing may wait for a receiver that is gone. */
    public void resetToAsync() {
        try {
            disableSynchronous();
        } catch (com.dhakacart.dr.settings.PostgresFailed e) {
            log.accept("WARN could not reset synchronous_standby_names: " + e.getMessage());
        }
    }

    /** Makes commits asynchronous now; throws when PostgreSQL cannot be reached. */
    public void disableSynchronous() {
        try {
            if (observe().standbyNamesSet()) {
                setStandbyNames(null);
                log.accept("INFO synchronous commits off");
            }
        } catch (SQLException e) {
            throw new com.dhakacart.dr.settings.PostgresFailed("cannot reach PostgreSQL at "
                    + postgres.settings().pgHost() + ":" + postgres.settings().pgPort() + ": " + e.getMessage(), e);
        } finally {
            closeQuietly();
        }
    }

    public ReplicationState state() {
        return state;
    }

    public Instant lastStreaming() {
        return lastStreaming;
    }

    private ReplicationState observe() throws SQLException {
        Connection c = connection();
        boolean streaming = false;
        boolean sync = false;
        long lagBytes = -1;
        double lagSeconds = 0;
        try (PreparedStatement statement = c.prepareStatement("""
                SELECT state, sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::bigint,
                       coalesce(extract(epoch FROM flush_lag), 0)::float8
                FROM pg_stat_replication WHERE application_name = ?""")) {
            statement.setString(1, postgres.settings().applicationName());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if ("streaming".equals(rs.getString(1))) {
                        streaming = true;
                        sync |= "sync".equals(rs.getString(2));
                        lagBytes = Math.max(0, rs.getLong(3));
                        lagSeconds = rs.getDouble(4);
                    }
                }
            }
        }
        if (!streaming) {
            // Nobody streams: the lag is everything written since the slot's last confirmed position.
            try (PreparedStatement statement = c.prepareStatement("""
                    SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint
                    FROM pg_replication_slots WHERE slot_name = ?""")) {
                statement.setString(1, postgres.settings().slot());
                try (ResultSet rs = statement.executeQuery()) {
                    lagBytes = rs.next() ? Math.max(0, rs.getLong(1)) : -1;
                }
            }
            lagSeconds = Duration.between(lastStreaming, Instant.now()).toMillis() / 1000.0;
        }
        String names;
        try (Statement statement = c.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('synchronous_standby_names')")) {
            rs.next();
            names = rs.getString(1);
        }
        return new ReplicationState(true, streaming, sync, !names.isBlank(), lagBytes, lagSeconds);
    }

    private void setStandbyNames(String quotedOrNull) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute(quotedOrNull == null
                    ? "ALTER SYSTEM RESET synchronous_standby_names"
                    : "ALTER SYSTEM SET synchronous_standby_names = " + quotedOrNull);
            statement.execute("SELECT pg_reload_conf()");
        }
        // The postmaster re-reads the configuration asynchronously; give it a moment to take effect.
        for (int i = 0; i < 50; i++) {
            try (Statement statement = connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_setting('synchronous_standby_names')")) {
                rs.next();
                if (rs.getString(1).isBlank() == (quotedOrNull == null)) {
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = postgres.connect("postgres", java.time.Duration.ofSeconds(5));
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // the connection is already broken; a new one is opened on the next tick
        }
        connection = null;
    }
}
