package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.local.LocalStore;

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
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("no backup repository given");
        }
        List<SealedVault> vaults = new ArrayList<>();
        for (URI repository : repositories) {
            vaults.add(new SealedVault(store(repository, keyring, env), keyring));
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
