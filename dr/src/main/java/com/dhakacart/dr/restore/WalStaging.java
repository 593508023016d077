package com.dhakacart.dr.restore;

import com.dhakacart.dr.catalogue.BaseBackup;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;
import com.dhakacart.dr.vault.Vaults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Puts every WAL file a restore needs into one local directory before PostgreSQL starts, fetching from
 * the vault in parallel (the usual complaint about restores is one-file-at-a-time archive fetching):
 * the archived segments from the backup's start on, the timeline history files, and the newest
 * unfinished segment, which carries the last commits. That one comes from the local spool when it
 * survived, else from the newest snapshot in the vault, and is staged under its segment name so
 * PostgreSQL replays it like any other.
 */
public final class WalStaging {

    static final int PARALLELISM = 4;

    /** What was staged; {@code firstMissingSegment} names a hole in the WAL (recovery will stop there), or null. */
    public record Staged(int files, String partial, String firstMissingSegment) {
    }

    private WalStaging() {
    }

    /**
     * Stages the WAL from {@code startSegment} on (every timeline), for readers of the WAL other than a
     * restore ({@code dr timeline}). The staging rules are a restore's from a backup that starts there,
     * so this describes that range as such a backup.
     */
    public static Staged stageFrom(Vault vault, Catalogue catalogue, long startSegment, Path spool, Path staging,
                                   Consumer<String> progress) throws IOException {
        String start = new com.dhakacart.dr.catalogue.Lsn(startSegment * com.dhakacart.dr.catalogue.Lsn.SEGMENT_SIZE).toString();
        BaseBackup range = new BaseBackup("wal-from-" + start, 1, start, start, null, null, 0, 0, false, null, null,
                List.of());
        return stage(vault, catalogue, range, spool, staging, progress);
    }

    static Staged stage(Vault vault, Catalogue catalogue, BaseBackup backup, Path spool, Path staging,
                        Consumer<String> progress) throws IOException {
        Files.createDirectories(staging);
        Map<String, String> fromVault = new LinkedHashMap<>();
        for (String name : catalogue.walNames()) {
            if (WalNames.isHistory(name)
                    || (WalNames.isSegment(name) && WalNames.timeline(name) >= backup.timeline()
                        && WalNames.segmentNumber(name) >= backup.startSegment())) {
                fromVault.put(name, Catalogue.WAL_PREFIX + name);
            }
        }
        progress.accept("fetching " + fromVault.size() + " WAL files from " + vault.describe() + " ("
                + PARALLELISM + " at a time)");
        fetchAll(vault, fromVault, staging, progress);

        List<Path> spoolFiles = spoolFiles(spool);
        int fromSpool = 0;
        for (Path file : spoolFiles) {
            String name = file.getFileName().toString();
            // Completed segments the agent had not shipped yet: the receiver wrote them, so they are ours too.
            if ((WalNames.isSegment(name) || WalNames.isHistory(name)) && !Files.exists(staging.resolve(name))
                    && relevant(name, backup)) {
                try {
                    Files.copy(file, staging.resolve(name));
                } catch (java.nio.file.NoSuchFileException shippedMeanwhile) {
                    // a running agent shipped it into the vault and removed it from the spool just now
                    vault.fetch(Catalogue.WAL_PREFIX + name, staging.resolve(name));
                }
                fromSpool++;
            }
        }
        String partial = stagePartial(vault, catalogue, backup, spoolFiles, staging);
        if (fromSpool > 0) {
            progress.accept("took " + fromSpool + " unshipped WAL files from the local spool " + spool);
        }
        if (partial != null) {
            progress.accept("staged the unfinished segment " + partial + " (latest commits)");
        }
        String missing = firstGap(staging, backup);
        return new Staged(fromVault.size() + fromSpool + (partial == null ? 0 : 1), partial, missing);
    }

    /** Stages only the timeline history files: what a restore to a base backup's own state needs beside its pg_wal. */
    static Staged stageHistory(Vault vault, Catalogue catalogue, Path staging) throws IOException {
        Files.createDirectories(staging);
        Map<String, String> history = new LinkedHashMap<>();
        for (String name : catalogue.walNames()) {
            if (WalNames.isHistory(name)) {
                history.put(name, Catalogue.WAL_PREFIX + name);
            }
        }
        fetchAll(vault, history, staging, message -> { });
        return new Staged(history.size(), null, null);
    }

    /** The first segment number between the backup's start and the newest staged segment that no timeline has. */
    static String firstGap(Path staging, BaseBackup backup) throws IOException {
        java.util.TreeSet<Long> present = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(staging)) {
            files.map(p -> p.getFileName().toString()).filter(WalNames::isSegment)
                    .forEach(name -> present.add(WalNames.segmentNumber(name)));
        }
        if (present.isEmpty()) {
            return null;
        }
        for (long segment = backup.startSegment(); segment < present.last(); segment++) {
            // Segments inside the base backup's own range come with it (in its pg_wal/).
            if (!present.contains(segment) && segment > backup.stop().segmentNumber()) {
                return WalNames.segmentName(backup.timeline(), segment);
            }
        }
        return null;
    }

    /**
     * Stages every unfinished segment not superseded by a complete one: the newest carries the last
     * commits, and an older timeline's last one carries the commits up to a previous restore's switch.
     * Returns the name of the newest staged, or null.
     */
    private static String stagePartial(Vault vault, Catalogue catalogue, BaseBackup backup, List<Path> spoolFiles,
                                       Path staging) throws IOException {
        java.util.TreeMap<String, Path> local = new java.util.TreeMap<>();
        for (Path p : spoolFiles) {
            String name = p.getFileName().toString();
            if (WalNames.isPartial(name) && relevant(name, backup)) {
                local.put(name, p);
            }
        }
        java.util.TreeMap<String, StoredFile> snapshots = new java.util.TreeMap<>();
        for (StoredFile f : catalogue.partials()) {
            String name = partialName(f);
            if (relevant(name, backup)) {
                snapshots.merge(name, f, (a, b) -> a.storedAt().isAfter(b.storedAt()) ? a : b);
            }
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>(local.keySet());
        names.addAll(snapshots.keySet());
        String newest = null;
        for (String name : names) {
            Path target = staging.resolve(name.substring(0, 24));
            if (Files.exists(target)) {
                continue; // the completed segment is staged; it holds everything the partial did
            }
            boolean copied = false;
            if (local.containsKey(name)) {
                // The spool copy is at least as new as any snapshot of it.
                try {
                    Files.copy(local.get(name), target, StandardCopyOption.REPLACE_EXISTING);
                    copied = true;
                } catch (java.nio.file.NoSuchFileException completedMeanwhile) {
                    copied = false;
                }
            }
            if (!copied && snapshots.containsKey(name)) {
                try {
                    vault.fetch(snapshots.get(name).key(), target);
                    copied = true;
                } catch (java.nio.file.NoSuchFileException replacedMeanwhile) {
                    // a running agent sealed a newer snapshot of this segment and removed the one we listed
                    Optional<StoredFile> newer = vault.list(Catalogue.PARTIAL_PREFIX + name + ".").stream()
                            .max(Comparator.comparing(StoredFile::storedAt));
                    if (newer.isPresent()) {
                        vault.fetch(newer.get().key(), target);
                        copied = true;
                    }
                }
            }
            if (copied) {
                newest = name;
            }
        }
        return newest;
    }

    private static boolean relevant(String name, BaseBackup backup) {
        return WalNames.isHistory(name)
                || (WalNames.timeline(name) >= backup.timeline() && WalNames.segmentNumber(name) >= backup.startSegment());
    }

    /** {@code partial/000000010000000000000007.partial.1764201234567} -> {@code 000000010000000000000007.partial}. */
    private static String partialName(StoredFile file) {
        String rest = file.key().substring(Catalogue.PARTIAL_PREFIX.length());
        return rest.substring(0, rest.lastIndexOf('.'));
    }

    /** Fetches vault keys ({@code name -> key}) into {@code staging/<name>} with the vault's one parallel fetcher. */
    private static void fetchAll(Vault vault, Map<String, String> files, Path staging, Consumer<String> progress)
            throws IOException {
        Map<String, Path> targets = new LinkedHashMap<>();
        files.forEach((name, key) -> targets.put(key, staging.resolve(name)));
        Vaults.fetchAll(vault, targets, PARALLELISM, step -> {
            if (step.done() % 16 == 0 || step.done() == step.total()) {
                progress.accept("WAL fetched " + step.done() + "/" + step.total());
            }
        });
    }

    private static List<Path> spoolFiles(Path spool) throws IOException {
        if (spool == null || !Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
