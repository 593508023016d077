package com.dhakacart.dr.catalogue;

import com.dhakacart.dr.vault.RepositoryAudit;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a repository holds and what it can restore: the base backups (oldest first), the archived WAL
 * segments, the snapshots of the newest unfinished segment, and so the recoverable window.
 *
 * <p>Layout in the vault: {@code base/<id>/{base.tar,backup_manifest,credentials.json,backup.json}} (older backups also hold a pg_wal.tar; the
 * descriptor is written last, so a backup without one is unfinished and ignored),
 * {@code wal/<segment or history file>}, {@code partial/<segment>.partial.<epoch millis>}.
 *
 * <p>Reading it first checks every repository against its authenticated index ({@link Vault#audit()}),
 * so a catalogue is never built from a repository with files deleted, swapped or rolled back.
 */
public record Catalogue(List<BaseBackup> backups, List<StoredFile> wal, List<StoredFile> partials,
                        List<String> unfinished, List<RepositoryAudit> audits) {

    public static final String WAL_PREFIX = "wal/";
    public static final String PARTIAL_PREFIX = "partial/";

    /** JSON as the DR tool writes it everywhere: ISO instants, stable field names. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // Paths as people type them (/var/pg/data), not as file: URIs.
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(Path.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase(Path.class) {
                        @Override
                        public String valueToString(Object value) {
                            return value.toString();
                        }
                    }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Catalogue read(Vault vault, Path workDir) throws IOException {
        List<RepositoryAudit> audits = vault.audit();
        List<StoredFile> baseFiles = vault.list(BaseBackup.PREFIX);
        List<String> ids = new ArrayList<>();
        List<String> complete = new ArrayList<>();
        for (StoredFile file : baseFiles) {
            String rest = file.key().substring(BaseBackup.PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String id = rest.substring(0, slash);
            if (!ids.contains(id)) {
                ids.add(id);
            }
            if (rest.substring(slash + 1).equals(BaseBackup.DESCRIPTOR)) {
                complete.add(id);
            }
        }
        List<BaseBackup> backups = new ArrayList<>();
        Files.createDirectories(workDir);
        for (String id : complete) {
            Path descriptor = Files.createTempFile(workDir, "backup-", ".json");
            try {
                Files.delete(descriptor);
                vault.fetch(BaseBackup.PREFIX + id + "/" + BaseBackup.DESCRIPTOR, descriptor);
                backups.add(JSON.readValue(descriptor.toFile(), BaseBackup.class));
            } finally {
                Files.deleteIfExists(descriptor);
            }
        }
        backups.sort(Comparator.comparing(BaseBackup::finishedAt));
        List<String> unfinished = ids.stream().filter(id -> !complete.contains(id)).toList();
        List<StoredFile> wal = vault.list(WAL_PREFIX);
        List<StoredFile> partials = vault.list(PARTIAL_PREFIX);
        return new Catalogue(List.copyOf(backups), wal, partials, unfinished, audits);
    }

    public Optional<BaseBackup> latest() {
        return backups.isEmpty() ? Optional.empty() : Optional.of(backups.get(backups.size() - 1));
    }

    /** The newest backup that was already consistent at {@code moment}, the one to restore to that moment from. */
    public Optional<BaseBackup> latestFinishedBefore(Instant moment) {
        return backups.stream().filter(b -> !b.finishedAt().isAfter(moment)).reduce((a, b) -> b);
    }

    /** The earliest moment we can restore to: when the oldest backup became consistent. */
    public Optional<Instant> recoverableFrom() {
        return backups.isEmpty() ? Optional.empty() : Optional.of(backups.get(0).finishedAt());
    }

    /**
     * The latest moment we know WAL for in the repository: the newest archived segment or
     * unfinished-segment snapshot (the local spool may hold a few seconds more).
     */
    public Optional<Instant> recoverableTo() {
        Optional<Instant> newest = latest().map(BaseBackup::finishedAt);
        for (StoredFile file : wal) {
            if (newest.isEmpty() || file.storedAt().isAfter(newest.get())) {
                newest = Optional.of(file.storedAt());
            }
        }
        for (StoredFile file : partials) {
            if (newest.isEmpty() || file.storedAt().isAfter(newest.get())) {
                newest = Optional.of(file.storedAt());
            }
        }
        return backups.isEmpty() ? Optional.empty() : newest;
    }

    /** Segment and history names held under wal/. */
    public List<String> walNames() {
        return wal.stream().map(f -> f.key().substring(WAL_PREFIX.length())).toList();
    }

    public long storedBytes() {
        return backups.stream().mapToLong(BaseBackup::storedBytes).sum()
                + wal.stream().mapToLong(StoredFile::storedSize).sum()
                + partials.stream().mapToLong(StoredFile::storedSize).sum();
    }
}
