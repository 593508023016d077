package com.dhakacart.dr.vault;

import com.dhakacart.dr.store.RepositoryUnreachable;

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
 * Several vaults holding the same files (say a local disk and S3): a file is sealed once and the very
 * same sealed bytes go to every repository; fetches come from the first repository with a good copy,
 * so losing or damaging one repository loses nothing.
 *
 * <p>A store succeeds when at least one repository took the file, so that an S3 outage does not stop
 * WAL archiving to the local disk; the repositories that failed are in {@link #lastFailures()}. Storing
 * the same key again, or {@link #repair(String)}, copies a verified copy to the repositories missing it.
 */
final class MirroredVault implements Vault {

    private static final System.Logger LOG = System.getLogger(MirroredVault.class.getName());

    private final List<SealedVault> vaults;
    private final Map<String, IOException> lastFailures = new java.util.concurrent.ConcurrentHashMap<>();

    /** The vaults must share one keyring; the first is the preferred source for fetches. */
    public MirroredVault(List<SealedVault> vaults) {
        if (vaults.isEmpty()) {
            throw new IllegalArgumentException("a mirrored vault needs at least one repository");
        }
        this.vaults = List.copyOf(vaults);
    }

    public List<SealedVault> vaults() {
        return vaults;
    }

    /** The latest failure per repository (by {@link Vault#describe()}) since its last success: repository health. */
    public Map<String, IOException> lastFailures() {
        return Map.copyOf(lastFailures);
    }

    @Override
    public StoredFile store(String key, Path source) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(source)) {
            return store(key, in);
        }
    }

    @Override
    public StoredFile store(String key, java.io.InputStream source) throws IOException {
        List<SealedVault> holders = new ArrayList<>();
        List<SealedVault> missing = new ArrayList<>();
        for (SealedVault vault : vaults) {
            try {
                (vault.exists(key) ? holders : missing).add(vault);
            } catch (IOException e) {
                failed(vault, key, e);
                missing.add(vault);
            }
        }
        if (missing.isEmpty()) {
            throw new FileAlreadyExistsException(key, null, "already in " + describe() + "; stored files are never replaced");
        }
        // A repository that already holds the key is the source: every mirror then holds identical bytes.
        SealedVault.Sealed sealed = holders.isEmpty() ? null : copyFromAny(key, holders);
        if (sealed == null) {
            sealed = sealWithAny(key, source, missing);
        }
        try (SealedVault.Sealed bytes = sealed) {
            return putInto(missing, bytes, holders.size());
        }
    }

    /**
     * Copies every file under {@code prefix} that some repository holds to the repositories that lack it
     * (after an outage of one of them), from a copy verified end to end. Returns how many copies were made.
     */
    public int repair(String prefix) throws IOException {
        Map<String, List<SealedVault>> holders = new TreeMap<>();
        List<SealedVault> reachable = new ArrayList<>();
        for (SealedVault vault : vaults) {
            try {
                for (StoredFile file : vault.list(prefix)) {
                    holders.computeIfAbsent(file.key(), k -> new ArrayList<>()).add(vault);
                }
                reachable.add(vault);
            } catch (IOException e) {
                failed(vault, prefix, e);
            }
        }
        int copies = 0;
        for (Map.Entry<String, List<SealedVault>> entry : holders.entrySet()) {
            List<SealedVault> missing = reachable.stream().filter(v -> !entry.getValue().contains(v)).toList();
            if (missing.isEmpty()) {
                continue;
            }
            SealedVault.Sealed sealed = copyFromAny(entry.getKey(), entry.getValue());
            if (sealed == null) {
                continue;
            }
            try (SealedVault.Sealed bytes = sealed) {
                for (SealedVault vault : missing) {
                    try {
                        vault.putSealed(bytes);
                        copies++;
                    } catch (IOException e) {
                        failed(vault, entry.getKey(), e);
                    }
                }
            }
        }
        return copies;
    }

    private StoredFile putInto(List<SealedVault> targets, SealedVault.Sealed sealed, int alreadyHolding) throws IOException {
        IOException failure = null;
        int stored = alreadyHolding;
        for (SealedVault vault : targets) {
            try {
                vault.putSealed(sealed);
                lastFailures.remove(vault.describe());
                stored++;
            } catch (IOException e) {
                failed(vault, sealed.file().key(), e);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (stored == 0 && failure != null) {
            throw failure;
        }
        return sealed.file();
    }

    /** Seals in the first repository that can stage the file: a dead local disk must not stop the copy to S3. */
    private SealedVault.Sealed sealWithAny(String key, java.io.InputStream source, List<SealedVault> candidates) throws IOException {
        RepositoryUnreachable failure = null;
        for (SealedVault vault : candidates) {
            try {
                return vault.seal(key, source);
            } catch (RepositoryUnreachable e) {
                failed(vault, key, e);
                failure = failure == null ? e : failure;
            }
        }
        throw failure;
    }

    private SealedVault.Sealed copyFromAny(String key, List<SealedVault> holders) {
        for (SealedVault holder : holders) {
            try {
                return holder.copyOut(key);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "copy of " + key + " in " + holder.describe() + " cannot serve as a source: " + e.getMessage());
            }
        }
        return null;
    }

    private void failed(Vault vault, String key, IOException e) {
        lastFailures.put(vault.describe(), e);
        LOG.log(System.Logger.Level.WARNING, "repository " + vault.describe() + " failed for " + key + ": " + e.getMessage());
    }

    @Override
    public void fetch(String key, Path target) throws IOException {
        tryEach(key, vault -> vault.fetch(key, target));
    }

    /**
     * From the first repository that holds a good copy; another is tried only while nothing has reached
     * {@code out} yet (after that the caller holds part of a bad copy and must start over).
     */
    @Override
    public void read(String key, java.io.OutputStream out) throws IOException {
        IOException failure = null;
        for (Vault vault : vaults) {
            long[] written = {0};
            java.io.OutputStream counting = new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written[0] += len;
                    out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    written[0]++;
                    out.write(b);
                }
            };
            try {
                if (!vault.exists(key)) {
                    continue;
                }
                vault.read(key, counting);
                return;
            } catch (IOException e) {
                failed(vault, key, e);
                if (written[0] > 0) {
                    throw e;
                }
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure != null ? failure : new NoSuchFileException(key, null, "no backup file " + key + " in " + describe());
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
                failed(vault, prefix, e);
                failure = e;
            }
        }
        if (reachable == 0 && failure != null) {
            throw failure;
        }
        return new ArrayList<>(union.values());
    }

    /** True when any repository holds the file; fails only when no repository could answer. */
    @Override
    public boolean exists(String key) throws IOException {
        boolean answered = false;
        IOException failure = null;
        for (Vault vault : vaults) {
            try {
                if (vault.exists(key)) {
                    return true;
                }
                answered = true;
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (!answered && failure != null) {
            throw failure;
        }
        return false;
    }

    /** Deletes from every repository; one that fails does not stop the others, and the first failure is thrown after. */
    @Override
    public void delete(String key) throws IOException {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(List<String> keys) throws IOException {
        IOException failure = null;
        for (Vault vault : vaults) {
            try {
                vault.deleteAll(keys);
            } catch (IOException e) {
                failed(vault, keys.size() == 1 ? keys.getFirst() : keys.size() + " files", e);
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
    }

    /**
     * Every reachable repository must pass: a tampered mirror is reported (naming it) rather than silently
     * skipped, so the operator decides to restore from the other one alone.
     */
    @Override
    public List<RepositoryAudit> audit() throws IOException {
        List<RepositoryAudit> audits = new ArrayList<>();
        RepositoryUnreachable unreachable = null;
        for (SealedVault vault : vaults) {
            try {
                audits.addAll(vault.audit());
            } catch (RepositoryUnreachable e) {
                failed(vault, "index/", e);
                unreachable = unreachable == null ? e : unreachable;
            } catch (RepositoryTampered e) {
                List<String> others = vaults.stream().filter(v -> v != vault).map(Vault::describe).toList();
                throw new RepositoryTampered(e.getMessage() + "; to restore from the other repository alone, set"
                        + " DR_REPOSITORIES=" + String.join(",", others));
            }
        }
        if (audits.isEmpty() && unreachable != null) {
            throw unreachable;
        }
        return audits;
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
                action.apply(vault);
                return;
            } catch (NoSuchFileException e) {
                // Not in this repository (yet): try the next one.
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
