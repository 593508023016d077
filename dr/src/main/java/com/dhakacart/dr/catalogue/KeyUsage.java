package com.dhakacart.dr.catalogue;

import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;

import com.dhakacart.dr.vault.WrongKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which key each backup needs: a restore of a base backup to the latest commit opens its own files and
 * every WAL file from its start on, and each of those names the key it was sealed with (so an older
 * backup also needs the keys of the WAL written after a rotation). After a rotation this says which
 * old keys must still be kept (and which backups would be lost without them).
 */
public final class KeyUsage {

    /** One key: whether we hold it, how many files it sealed, and which backups cannot be restored without it. */
    public record Need(String keyId, boolean held, boolean current, int files, List<String> backups) {
    }

    private KeyUsage() {
    }

    /**
     * Every key that sealed a file in the repository or is held, current key first, then by id. A backup
     * whose descriptor cannot be opened (its key is gone) is still named, by its own files.
     */
    public static List<Need> of(Vault vault, Keyring keyring, Path workDir) throws IOException {
        vault.audit();
        List<StoredFile> all = vault.list("");
        Map<String, Integer> files = new LinkedHashMap<>();
        Map<String, TreeSet<String>> backups = new LinkedHashMap<>();
        List<StoredFile> wal = new ArrayList<>();
        for (StoredFile file : all) {
            files.merge(file.keyId(), 1, Integer::sum);
            if (file.key().startsWith(Catalogue.WAL_PREFIX) || file.key().startsWith(Catalogue.PARTIAL_PREFIX)) {
                wal.add(file);
            } else if (file.key().startsWith(BaseBackup.PREFIX) && file.key().indexOf('/', BaseBackup.PREFIX.length()) > 0) {
                String id = file.key().substring(BaseBackup.PREFIX.length(), file.key().indexOf('/', BaseBackup.PREFIX.length()));
                backups.computeIfAbsent(file.keyId(), k -> new TreeSet<>()).add(id);
            }
        }
        for (BaseBackup backup : readableBackups(vault, all, workDir)) {
            for (StoredFile file : wal) {
                String name = file.key().substring(file.key().indexOf('/') + 1);
                if (WalNames.isHistory(name) || (WalNames.timeline(name) >= backup.timeline()
                        && WalNames.segmentNumber(name) >= backup.startSegment())) {
                    backups.computeIfAbsent(file.keyId(), k -> new TreeSet<>()).add(backup.id());
                }
            }
        }
        TreeSet<String> ids = new TreeSet<>(files.keySet());
        ids.addAll(keyring.ids());
        List<Need> needs = new ArrayList<>();
        String current = keyring.current().id();
        for (String id : ids) {
            needs.add(new Need(id, keyring.ids().contains(id), id.equals(current), files.getOrDefault(id, 0),
                    List.copyOf(backups.getOrDefault(id, new TreeSet<>()))));
        }
        needs.sort((a, b) -> a.current() != b.current() ? (a.current() ? -1 : 1) : a.keyId().compareTo(b.keyId()));
        return needs;
    }

    /** The descriptors we can open (they say from which WAL segment on each backup needs WAL). */
    private static List<BaseBackup> readableBackups(Vault vault, List<StoredFile> all, Path workDir) throws IOException {
        List<BaseBackup> backups = new ArrayList<>();
        Files.createDirectories(workDir);
        for (StoredFile file : all) {
            if (!file.key().startsWith(BaseBackup.PREFIX) || !file.key().endsWith("/" + BaseBackup.DESCRIPTOR)) {
                continue;
            }
            Path descriptor = workDir.resolve("key-usage-" + UUID.randomUUID() + ".json");
            try {
                vault.fetch(file.key(), descriptor);
                backups.add(Catalogue.JSON.readValue(descriptor.toFile(), BaseBackup.class));
            } catch (WrongKey unopenable) {
                // named by its files above; its WAL needs cannot be known without the key
            } finally {
                Files.deleteIfExists(descriptor);
            }
        }
        return backups;
    }
}
