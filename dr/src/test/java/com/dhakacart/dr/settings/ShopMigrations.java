package com.dhakacart.dr.settings;

import com.dhakacart.testing.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shop's schema exactly as production gets it: the API's Flyway migrations, applied in version order.
 * Read from the source tree by path, because the DR tool must not depend on the api module.
 */
final class ShopMigrations {

    static final Path DIRECTORY = Path.of("..", "api", "src", "main", "resources", "db", "migration");

    private ShopMigrations() {
    }

    static void apply(PostgresServer postgres, String database) {
        List<Path> migrations;
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            migrations = files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(ShopMigrations::version)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the shop's migrations are not at " + DIRECTORY.toAbsolutePath(), e);
        }
        if (migrations.isEmpty()) {
            throw new IllegalStateException("no migrations in " + DIRECTORY.toAbsolutePath());
        }
        for (Path migration : migrations) {
            try {
                postgres.execute(database, Files.readString(migration, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
