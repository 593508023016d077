package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.RepositoryUnreachable;
import com.dhakacart.dr.store.local.LocalStore;
import com.dhakacart.dr.store.s3.S3Repositories;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens vaults from repository URIs, the form users and settings give them in:
 * <ul>
 *   <li>{@code file:///var/lib/dhakacart/backups} (a plain path is accepted by {@link #repository(String)});</li>
 *   <li>{@code s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1} for any S3-compatible
 *       server (path-style addressing when an endpoint is given); credentials from
 *       {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, else the AWS SDK's default chain.</li>
 * </ul>
 * Several repositories make a {@link MirroredVault}; opening touches no network, so a repository that
 * is down is reported by the first operation on it ({@link RepositoryUnreachable}), not at start.
 */
public final class Vaults {

    private Vaults() {
    }

    /** One vault over all the repositories given (mirrored when there are several), sealing with {@code keyring}. */
    public static Vault open(List<URI> repositories, Keyring keyring) throws IOException {
        return open(repositories, keyring, System.getenv());
    }

    /** As {@link #open(List, Keyring)} with an explicit environment (for credentials), so tests need not set process env. */
    public static Vault open(List<URI> repositories, Keyring keyring, Map<String, String> env) throws IOException {
        return open(repositories, keyring, env, java.util.Optional.empty());
    }

    /**
     * As {@link #open(List, Keyring, Map)}, remembering in {@code stateDir} the newest index number seen of
     * each repository, so that one rolled back to an older state is refused ({@link SealedVault#audit()}).
     */
    public static Vault open(List<URI> repositories, Keyring keyring, Map<String, String> env,
                             java.util.Optional<Path> stateDir) throws IOException {
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("no backup repository given");
        }
        List<SealedVault> vaults = new ArrayList<>();
        for (URI repository : repositories) {
            vaults.add(new SealedVault(store(repository, keyring, env), keyring, stateDir));
        }
        return vaults.size() == 1 ? vaults.getFirst() : new MirroredVault(vaults);
    }

    /** The raw store a repository URI names, without sealing: for tools that inspect or copy sealed bytes. */
    public static BackupStore store(URI repository, Keyring keyring, Map<String, String> env) throws IOException {
        String scheme = repository.getScheme() == null ? "" : repository.getScheme();
        return switch (scheme) {
            case "file" -> local(repository, keyring);
            case "s3" -> S3Repositories.open(repository, env);
            default -> throw new IllegalArgumentException("unsupported backup repository '" + repository
                    + "': use file:///path or s3://bucket/prefix?endpoint=...");
        };
    }

    /**
     * Fetches many files at once (restore needs hundreds of WAL segments: one at a time, the network round
     * trips and the decryption would dominate the restore time). Each file lands whole and verified, as with
     * {@link Vault#fetch}. On the first failure no new fetch starts, those under way finish, and that first
     * failure is thrown (the others suppressed under it). Returns the number of plaintext bytes fetched.
     *
     * @param progress called after each file, from worker threads, one call at a time
     */
    public static long fetchAll(Vault vault, Map<String, Path> targets, int parallelism,
                                java.util.function.Consumer<FetchProgress> progress) throws IOException {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        int total = targets.size();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(parallelism);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<IOException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Object progressLock = new Object();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<String, Path> entry : new java.util.TreeMap<>(targets).entrySet()) {
                slots.acquire();
                if (failure.get() != null) {
                    slots.release();
                    break;
                }
                pool.submit(() -> {
                    try {
                        vault.fetch(entry.getKey(), entry.getValue());
                        long size = java.nio.file.Files.size(entry.getValue());
                        // Both counts under the lock: added outside it, the line saying "32 of 32" could carry
                        // a byte count from before another thread's file (seen in CI: 280 of 310 bytes).
                        synchronized (progressLock) {
                            progress.accept(new FetchProgress(entry.getKey(), entry.getValue(), done.incrementAndGet(), total,
                                    bytes.addAndGet(size)));
                        }
                    } catch (IOException | RuntimeException e) {
                        IOException io = e instanceof IOException i ? i : new IOException("fetching " + entry.getKey() + " failed: " + e, e);
                        if (!failure.compareAndSet(null, io)) {
                            failure.get().addSuppressed(io);
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("parallel fetch from " + vault.describe() + " was interrupted");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return bytes.get();
    }

    /** Reads a repository as users type it: a URI, or a plain (absolute or relative) directory path. */
    public static URI repository(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("s3://") || trimmed.startsWith("file:")) {
            return URI.create(trimmed);
        }
        return Path.of(trimmed).toAbsolutePath().normalize().toUri();
    }

    private static BackupStore local(URI repository, Keyring keyring) {
        if (repository.getPath() == null || repository.getPath().isEmpty()) {
            throw new IllegalArgumentException("file repository '" + repository + "' needs an absolute path: file:///var/backups");
        }
        Path root = Path.of(repository).toAbsolutePath().normalize();
        keyring.file().ifPresent(keyFile -> {
            // A key stored beside the backups it protects protects nothing.
            if (keyFile.toAbsolutePath().normalize().startsWith(root)) {
                throw new IllegalArgumentException("key file " + keyFile + " is inside backup repository " + root
                        + "; keep keys outside the repository");
            }
        });
        return new LocalStore(root);
    }
}
