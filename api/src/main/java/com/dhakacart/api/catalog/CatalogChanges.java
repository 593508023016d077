package com.dhakacart.api.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL's {@code catalog_changed} channel (fed by a trigger on products) and clears the
 * in-process catalog cache, so every API instance drops stale stock as soon as a change commits. It
 * holds one dedicated connection outside the pool and reconnects by itself after a database outage.
 */
@Component
class CatalogChanges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogChanges.class);

    private final DataSourceProperties database;
    private final CatalogCache cache;
    private volatile boolean running;
    private Thread thread;

    CatalogChanges(DataSourceProperties database, CatalogCache cache) {
        this.database = database;
        this.cache = cache;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("catalog-changes").start(this::listenForever);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenForever() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(database.determineUrl(),
                    database.determineUsername(), database.determinePassword())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN catalog_changed");
                }
                cache.listening(true);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        cache.invalidateAll();
                    }
                    if (!connection.isValid(1)) {
                        throw new SQLException("listener connection lost");
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("catalog change listener lost the database ({}); serving uncached until it is back",
                            e.getMessage());
                }
            } finally {
                cache.listening(false);
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
