package com.dhakacart.dr.backup;

import com.dhakacart.dr.settings.Postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Keeps the server from recycling the WAL a base backup is copying. pg_basebackup fetches the WAL of the copy
 * at its end (-X fetch, so that everything travels in one stream); a checkpoint during a long copy under load
 * could otherwise remove a segment first and fail the backup. A temporary physical replication slot, reserved
 * before the copy starts, holds that WAL; it lives as long as this connection, so a crashed backup leaves no
 * slot behind to fill the disk.
 */
final class WalHold implements AutoCloseable {

    private final Connection connection;

    private WalHold(Connection connection) {
        this.connection = connection;
    }

    static WalHold reserve(Postgres postgres, String backupId, Consumer<String> progress) {
        Connection connection = null;
        try {
            connection = postgres.connect("postgres");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_create_physical_replication_slot('dhakacart_backup_"
                        + backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "', true, true)");
            }
            return new WalHold(connection);
        } catch (SQLException e) {
            close(connection);
            progress.accept("could not hold the copy's WAL with a temporary replication slot (" + e.getMessage().strip()
                    + "); the copy relies on wal_keep_size and the DR slot");
            return new WalHold(null);
        }
    }

    @Override
    public void close() {
        close(connection);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the slot is temporary: the server drops it with the session either way
            }
        }
    }
}
