package com.dhakacart.dr.drill;

import com.dhakacart.dr.catalogue.Catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a restore drill, kept in {@code $DHAKACART_HOME/dr/last-drill.json} so the agent can
 * publish it as metrics: did it work, how long did the restore take, how many orders were missing
 * ({@code -1} when the shop's orders table could not be compared).
 */
public record DrillResult(boolean success, Instant at, String backupId, double rtoSeconds, long rpoOrders,
                          List<String> checks, String problem) {

    static final String FILE = "last-drill.json";

    public void save(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Catalogue.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, stateDir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<DrillResult> last(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Catalogue.JSON.readValue(file.toFile(), DrillResult.class));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
