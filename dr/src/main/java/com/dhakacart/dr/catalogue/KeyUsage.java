package com.dhakacart.dr.catalogue;

import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.vault.StoredFile;
import com.dhakacart.dr.vault.Vault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which key each backup needs: a restore of a base backup opens its own files and every WAL file from
 * its start on, and each of those names the key it was sealed with. After a rotation this says which
 * old keys must still be kept (and which backups would be lost without them).
 */
public final class KeyUsage {

    /** One key: whether we hold it, how many files it sealed, and which backups cannot be restored without it. */
    public record Need(String keyId, boolean held, boolean current, int files, List<String> backups) {
    }

    private KeyUsage() {
    }

    /** Every key that sealed a file in the repository or is held, current key first, then by id. */
    public static List<Need> of(Catalogue catalogue, Vault vault, Keyring keyring) throws IOException {
        Map<String, Integer> files = new LinkedHashMap<>();
        Map<String, TreeSet<String>> backups = new LinkedHashMap<>();
        List<StoredFile> wal = new ArrayList<>(catalogue.wal());
        wal.addAll(catalogue.partials());
        for (StoredFile file : vault.list("")) {
            files.merge(file.keyId(), 1, Integer::sum);
        }
        for (BaseBackup backup : catalogue.backups()) {
            for (StoredFile file : vault.list(BaseBackup.PREFIX + backup.id() + "/")) {
                backups.computeIfAbsent(file.keyId(), k -> new TreeSet<>()).add(backup.id());
            }
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
}
