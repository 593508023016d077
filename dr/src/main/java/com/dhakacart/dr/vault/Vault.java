package com.dhakacart.dr.vault;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where backups live. Every file is compressed (zstd), encrypted (AES-256-GCM, with a key id so keys
 * can rotate) and checksummed (SHA-256) on the way in, and checked on the way out, so the repository
 * never holds plaintext and a damaged file is never restored silently.
 *
 * <p>This is the seam between the storage half of the DR tool (vault/, local/, s3/) and the
 * PostgreSQL half (backup/, restore/, wal/, catalogue/). Keys are '/'-separated paths such as
 * {@code base/20261127T010203Z/base.tar} or {@code wal/000000010000000000000003}.
 */
public interface Vault extends AutoCloseable {

    /** Seals and stores a local file under {@code key}, replacing nothing silently: an existing key fails. */
    StoredFile store(String key, Path source) throws IOException;

    /**
     * Seals and stores what {@code source} gives until its end (a program's output as it is produced, so the
     * plaintext never lands on disk whole). The stream is read once: a failure part-way stores nothing.
     */
    StoredFile store(String key, java.io.InputStream source) throws IOException;

    /**
     * Fetches, verifies, decrypts and decompresses {@code key} into {@code target} (written to a temp
     * file first and moved into place only when whole and verified).
     *
     * @throws BackupCorrupted when the checksum or the GCM tag does not match, or the file is truncated
     * @throws WrongKey when no key we hold can open it
     */
    void fetch(String key, Path target) throws IOException;

    /**
     * Streams the plaintext of {@code key} into {@code out} while checking it: each segment's GCM tag before
     * its bytes are released, the SHA-256 and the sizes at the end. Bytes reach {@code out} before the end
     * is checked, so a caller that acts on them must throw away what it made when this throws (a restore
     * unpacks into a fresh directory that only replaces the target once every check passed).
     */
    void read(String key, java.io.OutputStream out) throws IOException;

    /** Checks a stored file end to end (checksum, decryption, decompression) without writing plaintext. */
    void verify(String key) throws IOException;

    /** Stored files whose keys start with {@code prefix}, sorted by key. */
    List<StoredFile> list(String prefix) throws IOException;

    boolean exists(String key) throws IOException;

    void delete(String key) throws IOException;

    /** Deletes several files at once (retention): one change of the repository's index for all of them. */
    default void deleteAll(List<String> keys) throws IOException {
        for (String key : keys) {
            delete(key);
        }
    }

    /**
     * Checks each repository against its authenticated index (nothing missing, replaced or rolled back)
     * before anything is restored from it; one result per repository that could be reached.
     *
     * @throws RepositoryTampered naming what does not match
     * @throws RepositoryFormatUnsupported for a repository written by the first version of this tool
     */
    List<RepositoryAudit> audit() throws IOException;

    /** Where this vault stores, for messages: {@code file:/var/backups} or {@code s3://bucket/prefix}. */
    String describe();

    @Override
    void close() throws IOException;
}
