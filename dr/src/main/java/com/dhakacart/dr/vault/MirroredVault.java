package com.dhakacart.dr.vault;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Several vaults holding the same files (say a local disk and S3): stores go to every one, fetches
 * come from the first that has a good copy, so losing or damaging one repository loses nothing.
 *
 * <p>A store succeeds when at least one repository took the file, so that an S3 outage does not stop
 * WAL archiving to the local disk; the repositories that failed are in {@link #lastFailures()} and are
 * filled in by storing the same key again (repositories that already hold it are skipped).
 */
public final class MirroredVault implements Vault {

    private static final System.Logger LOG = System.getLogger(MirroredVault.class.getName());

    private final List<Vault> vaults;
    private final Map<String, IOException> lastFailures = new java.util.concurrent.ConcurrentHashMap<>();

    public MirroredVault(List<? extends Vault> vaults) {
        if (vaults.isEmpty()) {
            throw new IllegalArgumentException("a mirrored vault needs at least one repository");
        }
        this.vaults = List.copyOf(vaults);
    }

    public List<Vault> vaults() {
        return vaults;
    }

    /** The latest failure per repository (by {@link Vault#describe()}) since its last success: repository health. */
    public Map<String, IOException> lastFailures() {
        return Map.copyOf(lastFailures);
    }

    @Override
    public StoredFile store(String key, Path source) throws IOException {
        StoredFile first = null;
        IOException failure = null;
        int alreadyThere = 0;
        for (Vault vault : vaults) {
            try {
                if (vault.exists(key)) {
                    alreadyThere++;
                    continue;
                }
                StoredFile stored = vault.store(key, source);
                first = first == null ? stored : first;
                lastFailures.remove(vault.describe());
            } catch (IOException e) {
                lastFailures.put(vault.describe(), e);
                LOG.log(System.Logger.Level.WARNING, "could not store " + key + " in " + vault.describe() + ": " + e.getMessage());
                failure = failure == null ? e : failure;
                if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
        if (alreadyThere == vaults.size()) {
            throw new FileAlreadyExistsException(key, null, "already in " + describe() + "; stored files are never replaced");
        }
        if (first == null && failure != null) {
            throw failure;
        }
        return first != null ? first : list(key).stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    }

    @Override
    public void fetch(String key, Path target) throws IOException {
        tryEach(key, vault -> vault.fetch(key, target));
    }

    /** Passes when every repository that holds the file holds a good copy: a bad copy anywhere needs repair. */
    @Override
    public void verify(String key) throws IOException {
        boolean found = false;
        for (Vault vault : vaults) {
            if (vault.exists(key)) {
                found = true;
                vault.verify(key);
            }
        }
        if (!found) {
            throw new NoSuchFileException(key, null, "no backup file " + key + " in " + describe());
        }
    }

    /** Every file held by any repository, as the first repository holding it records it. */
    @Override
    public List<StoredFile> list(String prefix) throws IOException {
        Map<String, StoredFile> union = new TreeMap<>();
        IOException failure = null;
        int reachable = 0;
        for (Vault vault : vaults) {
            try {
                for (StoredFile file : vault.list(prefix)) {
                    union.putIfAbsent(file.key(), file);
                }
                reachable++;
            } catch (RepositoryUnreachable e) {
                lastFailures.put(vault.describe(), e);
                failure = e;
            }
        }
        if (reachable == 0 && failure != null) {
            throw failure;
        }
        return new ArrayList<>(union.values());
    }

    @Override
    public boolean exists(String key) throws IOException {
        IOException failure = null;
        for (Vault vault : vaults) {
            try {
                if (vault.exists(key)) {
                    return true;
                }
            } catch (RepositoryUnreachable e) {
                failure = e;
            }
        }
        if (failure != null && vaults.size() == 1) {
            throw failure;
        }
        return false;
    }

    @Override
    public void delete(String key) throws IOException {
        for (Vault vault : vaults) {
            vault.delete(key);
        }
    }

    @Override
    public String describe() {
        return vaults.stream().map(Vault::describe).collect(Collectors.joining(" + "));
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Vault vault : vaults) {
            try {
                vault.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "mirrored vault " + describe();
    }

    private interface VaultAction {
        void apply(Vault vault) throws IOException;
    }

    /** Runs the action on each repository holding the key until one succeeds; the first failure is reported if none does. */
    private void tryEach(String key, VaultAction action) throws IOException {
        IOException failure = null;
        for (Vault vault : vaults) {
            try {
                if (!vault.exists(key)) {
                    continue;
                }
                action.apply(vault);
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "copy of " + key + " in " + vault.describe() + " unusable, trying the next repository: " + e.getMessage());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        throw new NoSuchFileException(key, null, "no backup file " + key + " in " + describe());
    }
}
