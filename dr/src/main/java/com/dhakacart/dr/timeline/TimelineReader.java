package com.dhakacart.dr.timeline;

import com.dhakacart.dr.backup.BaseBackups;
import com.dhakacart.dr.catalogue.Catalogue;
import com.dhakacart.dr.catalogue.Lsn;
import com.dhakacart.dr.catalogue.WalNames;
import com.dhakacart.dr.restore.RestoreRefused;
import com.dhakacart.dr.restore.WalStaging;
import com.dhakacart.dr.settings.Postgres;
import com.dhakacart.dr.settings.PostgresFailed;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds a {@link Timeline} from the archived WAL: stages the segments that can hold commits in the
 * window (decrypted from the vault, plus the local spool's newest, exactly as a restore stages them),
 * then streams PostgreSQL's own {@code pg_waldump} over them, only the resource managers that carry
 * row and schema changes, through a {@link ChangeTally}.
 */
public final class TimelineReader {

    /** The records that say what happened to rows and tables; B-tree and checkpoint records are skipped by pg_waldump itself. */
    private static final List<String> RESOURCE_MANAGERS = List.of("Heap", "Heap2", "Transaction", "Storage");

    private final Postgres postgres;
    private final Vault vault;

    public TimelineReader(Postgres postgres, Vault vault) {
        this.postgres = postgres;
        this.vault = vault;
    }

    /** The timeline of commits in [since, until] (either may be null: from the oldest WAL / to the newest). */
    public Timeline read(Instant since, Instant until, Relations relations, Consumer<String> progress) throws IOException {
        progress.accept("reading the catalogue of " + vault.describe());
        Catalogue catalogue = Catalogue.read(vault, postgres.settings().workDir());
        long start = startSegment(catalogue, since);
        Path staging = postgres.settings().workDir().resolve("timeline-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        BaseBackups.deleteTree(staging);
        try {
            WalStaging.Staged staged = WalStaging.stageFrom(vault, catalogue, start, postgres.settings().spool(), staging, progress);
            List<String> notes = new ArrayList<>();
            if (staged.firstMissingSegment() != null) {
                notes.add("WAL segment " + staged.firstMissingSegment() + " is missing: changes in it are not shown");
            }
            ChangeTally tally = new ChangeTally(relations, since, until);
            List<Run> runs = runs(staging);
            if (runs.isEmpty()) {
                throw new RestoreRefused("no WAL from " + (since == null ? "the oldest backup" : since.toString())
                        + " on in " + vault.describe() + " or the spool; take a backup with `dhakacart dr backup`"
                        + " and let the agent stream");
            }
            progress.accept("reading " + runs.stream().mapToInt(r -> r.segments).sum() + " WAL segments with pg_waldump");
            for (int i = 0; i < runs.size(); i++) {
                boolean more = dump(runs.get(i), staging, tally, notes, i == runs.size() - 1);
                if (!more) {
                    break;
                }
            }
            return tally.result(notes);
        } finally {
            BaseBackups.deleteTree(staging);
        }
    }

    /**
     * The first segment that can hold a commit at or after {@code since}: segments are archived once
     * complete, so one archived before {@code since} holds only older commits.
     */
    static long startSegment(Catalogue catalogue, Instant since) {
        long first = Long.MAX_VALUE;
        long newest = -1;
        for (StoredFile file : catalogue.wal()) {
            String name = file.key().substring(Catalogue.WAL_PREFIX.length());
            if (!WalNames.isSegment(name)) {
                continue;
            }
            long number = WalNames.segmentNumber(name);
            newest = Math.max(newest, number);
            if (since == null || !file.storedAt().isBefore(since)) {
                first = Math.min(first, number);
            }
        }
        if (since == null && !catalogue.backups().isEmpty()) {
            first = Math.min(first, catalogue.backups().get(0).startSegment());
        }
        if (first == Long.MAX_VALUE) {
            // Nothing archived after since: only the unfinished segment (snapshot or spool) can hold it.
            first = newest + 1;
            if (newest < 0) {
                first = catalogue.partials().stream()
                        .mapToLong(p -> WalNames.segmentNumber(p.key().substring(Catalogue.PARTIAL_PREFIX.length(),
                                Catalogue.PARTIAL_PREFIX.length() + 24)))
                        .min().orElse(0);
            }
        }
        return first;
    }

    /** Contiguous segments of one timeline, read by one pg_waldump. */
    record Run(int timeline, String first, String last, int segments) {
    }

    /**
     * Which file to read for each segment number: the newest timeline's, following its history back
     * (a segment of an older timeline after that timeline's switch point is history that was abandoned
     * by a restore, and is skipped).
     */
    static List<Run> runs(Path staging) throws IOException {
        TreeMap<Long, List<Integer>> byNumber = new TreeMap<>();
        int newestTimeline = 0;
        try (Stream<Path> files = Files.list(staging)) {
            for (String name : files.map(p -> p.getFileName().toString()).filter(WalNames::isSegment).toList()) {
                byNumber.computeIfAbsent(WalNames.segmentNumber(name), n -> new ArrayList<>()).add(WalNames.timeline(name));
                newestTimeline = Math.max(newestTimeline, WalNames.timeline(name));
            }
        }
        TreeMap<Integer, Long> switchSegment = new TreeMap<>(); // parent timeline -> segment holding its switch point
        Path history = staging.resolve(String.format("%08X.history", newestTimeline));
        if (Files.exists(history)) {
            for (String line : Files.readAllLines(history, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length >= 2 && !parts[0].startsWith("#")) {
                    switchSegment.put(Integer.parseInt(parts[0]), Lsn.parse(parts[1]).segmentNumber());
                }
            }
        }
        List<Run> runs = new ArrayList<>();
        Run current = null;
        for (Map.Entry<Long, List<Integer>> e : byNumber.entrySet()) {
            long number = e.getKey();
            // The timeline that owns this segment: the first parent whose switch lies beyond it, else the newest.
            int owner = newestTimeline;
            for (Map.Entry<Integer, Long> parent : switchSegment.entrySet()) {
                if (number < parent.getValue()) {
                    owner = parent.getKey();
                    break;
                }
            }
            if (!e.getValue().contains(owner)) {
                continue;
            }
            String name = WalNames.segmentName(owner, number);
            if (current != null && current.timeline == owner
                    && WalNames.segmentNumber(current.last) == number - 1) {
                current = new Run(owner, current.first, name, current.segments + 1);
                runs.set(runs.size() - 1, current);
            } else {
                current = new Run(owner, name, name, 1);
                runs.add(current);
            }
        }
        return runs;
    }

    /** Streams one pg_waldump run into the tally; false when the tally reached --until. */
    private boolean dump(Run run, Path staging, ChangeTally tally, List<String> notes, boolean lastRun) throws IOException {
        List<String> command = new ArrayList<>(List.of(postgres.program("pg_waldump"), "-p", staging.toString(),
                "-t", String.valueOf(run.timeline)));
        RESOURCE_MANAGERS.forEach(r -> command.addAll(List.of("-r", r)));
        command.add(run.first);
        command.add(run.last);
        Path errors = Files.createTempFile(postgres.settings().workDir(), "waldump-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().put("TZ", "UTC"); // commit times are printed in the local zone; the tally reads UTC
        Process process = builder.start();
        boolean more = true;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!tally.accept(line)) {
                    more = false;
                    process.destroy();
                    break;
                }
            }
            int exit = process.waitFor();
            String error = Files.readString(errors, StandardCharsets.UTF_8).strip();
            if (more && exit != 0) {
                // The end of the newest (unfinished) segment reads as an invalid record: that is the end of the WAL.
                boolean endOfWal = lastRun && error.contains("wanted 24, got 0");
                if (!endOfWal) {
                    if (error.isEmpty()) {
                        throw new PostgresFailed("pg_waldump failed (exit " + exit + ") on " + run.first + ".." + run.last);
                    }
                    notes.add("pg_waldump stopped in " + run.first + ".." + run.last + ": "
                            + error.lines().reduce((a, b) -> b).orElse(error));
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the WAL", e);
        } finally {
            Files.deleteIfExists(errors);
        }
        return more;
    }
}
