package com.dhakacart.dr.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The raw byte boundary of a backup repository: whole objects under '/'-separated keys, with no idea
 * of encryption or checksums (the vault adds those). One implementation per backend: {@code local/}
 * (a directory) and {@code s3/} (any S3-compatible server); {@code BackupStoreContract} in the tests
 * is the behaviour every backend must show.
 *
 * <p>An object is either there whole or not there at all: a crash during {@link #put} never leaves a
 * half-written object under its key. Failures to reach the backend are
 * {@link RepositoryUnreachable}; a missing key is {@link NoSuchFileException}.
 */
public interface BackupStore extends AutoCloseable {

    /** Name prefix of staged and in-flight files: listings never show them, and no valid key segment needs it. */
    String STAGING_PREFIX = ".incoming-";

    /** Stores the file's bytes under {@code key}, replacing any object already there. */
    void put(String key, Path source) throws IOException;

    /** Stores exactly {@code length} bytes read from {@code in} under {@code key}, replacing any object there. */
    void put(String key, InputStream in, long length) throws IOException;

    /**
     * Where to write a file that will then be handed to {@link #putStaged}: a folder on the same disk lets
     * a local store rename instead of copy (a multi-GB base backup is then written once, not twice).
     * Empty means the system temp folder. Files there must be named with {@link #STAGING_PREFIX}.
     */
    default java.util.Optional<Path> stagingDir() throws IOException {
        return java.util.Optional.empty();
    }

    /** Stores a file made for this purpose and takes it over: on return the file is gone (moved or copied then deleted). */
    default void putStaged(String key, Path staged) throws IOException {
        try {
            put(key, staged);
        } finally {
            java.nio.file.Files.deleteIfExists(staged);
        }
    }

    /** The object's bytes; the caller closes the stream. */
    InputStream get(String key) throws IOException;

    /** Objects whose keys start with {@code prefix} (plain string prefix, not only whole folders), sorted by key. */
    List<StoredObject> list(String prefix) throws IOException;

    boolean exists(String key) throws IOException;

    /** Removes the object; removing a key that is not there is not an error. */
    void delete(String key) throws IOException;

    /** Where the bytes go, for messages: {@code file:/var/backups} or {@code s3://bucket/prefix}. */
    String describe();

    @Override
    void close() throws IOException;

    /** Keys are relative, '/'-separated, without empty, '.' or '..' segments: the same key is valid on every backend. */
    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\")
                || key.contains("//")) {
            throw new IllegalArgumentException("invalid backup key '" + key + "': use a relative path like wal/000000010000000000000001");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException("invalid backup key '" + key + "': no '.', '..' or control characters");
            }
        }
        return key;
    }
}
