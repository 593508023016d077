package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.KeyNotHeld;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.crypto.Seal;
import com.dhakacart.dr.crypto.SealBroken;
import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.StoredObject;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A vault over one backup store: every file is sealed ({@link Seal}: zstd, then Tink's streaming AEAD
 * bound to the file's name) on the way in and checked on the way out.
 *
 * <p>Layout in the store: the sealed bytes of {@code key} at {@code files/<key>}, a small JSON sidecar at
 * {@code meta/<key>.json} with the SHA-256 and size of those sealed bytes, the plaintext size, the key id
 * and the time, and the authenticated {@link RepositoryIndex} under {@code index/}. The sidecar is written
 * after the bytes and the index after the sidecar, so a key exists only once it is whole; the SHA-256 is
 * checked as well as the AEAD so that damage is named as such even when the damaged bytes are the
 * header's key id. {@link #audit()} compares the store with the index.
 */
final class SealedVault implements Vault {

    static final String FILES = "files/";
    static final String META = "meta/";
    private static final String META_SUFFIX = ".json";
    static final int FORMAT = 2;
    /**
     * How much newer than the index a file it does not list may be before the index counts as rolled
     * back: a writer stores the file, then the index, so only a file in flight (or one whose writer died
     * between the two) is briefly unlisted.
     */
    static final java.time.Duration UNLISTED_GRACE = java.time.Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BackupStore store;
    private final Keyring keyring;
    private final int chunkSize;
    private final Clock clock;
    private final Map<String, CachedMeta> metaCache = new ConcurrentHashMap<>();
    private final RepositoryIndex index;

    public SealedVault(BackupStore store, Keyring keyring) {
        this(store, keyring, java.util.Optional.empty());
    }

    /**
     * {@code stateDir}, when given, is where this machine remembers the newest index number it saw of each
     * repository, so that a repository rolled back to an older state is noticed.
     */
    public SealedVault(BackupStore store, Keyring keyring, java.util.Optional<Path> stateDir) {
        this(store, keyring, 1 << 20, Clock.systemUTC(), stateDir);
    }

    SealedVault(BackupStore store, Keyring keyring, int chunkSize, Clock clock, java.util.Optional<Path> stateDir) {
        this.store = store;
        this.keyring = keyring;
        this.chunkSize = chunkSize;
        this.clock = clock;
        this.index = new RepositoryIndex(store, keyring, clock, stateDir);
    }

    /** The raw store underneath, for repairs that copy sealed bytes between repositories. */
    public BackupStore store() {
        return store;
    }

    @Override
    public StoredFile store(String key, Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return store(key, in);
        }
    }

    @Override
    public StoredFile store(String key, InputStream source) throws IOException {
        BackupStore.checkKey(key);
        if (exists(key)) {
            throw new FileAlreadyExistsException(key, null, "already in " + describe() + "; stored files are never replaced");
        }
        try (Sealed sealed = seal(key, source)) {
            store.putStaged(FILES + key, sealed.bytes());
            putMeta(sealed.file());
            enlist(sealed.file());
            return sealed.file();
        }
    }

    /** Sealed bytes waiting in a temp file, with what their sidecar will say; closing deletes the temp file. */
    record Sealed(Path bytes, StoredFile file) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(bytes);
        }
    }

    /**
     * Seals {@code source} into a temp file, so mirrors can all receive the very same bytes. The temp file holds
     * sealed (compressed) bytes only: its size, not the plaintext's, is the scratch space a store needs.
     */
    Sealed seal(String key, InputStream source) throws IOException {
        BackupStore.checkKey(key);
        Path sealed = newStagingFile("seal");
        try {
            MessageDigest sha = sha256();
            long plainSize;
            long storedSize;
            try (InputStream in = source;
                 CountingOutputStream counted = new CountingOutputStream(Files.newOutputStream(sealed), sha);
                 OutputStream sealing = Seal.sealing(counted, keyring, key, chunkSize)) {
                plainSize = in.transferTo(sealing);
                sealing.close();
                storedSize = counted.count;
            }
            return new Sealed(sealed, new StoredFile(key, plainSize, storedSize, HexFormat.of().formatHex(sha.digest()),
                    keyring.current().id(), clock.instant()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(sealed);
            throw e;
        }
    }

    /** Puts already sealed bytes and then their sidecar into this vault's store. */
    void putSealed(Sealed sealed) throws IOException {
        store.put(FILES + sealed.file().key(), sealed.bytes());
        putMeta(sealed.file());
        enlist(sealed.file());
    }

    /**
     * Lists a file whose bytes and sidecar are stored in the index, under the writer lock. Retention lists
     * files by their sidecars, so it can delete a key between this writer's sidecar and this step (the WAL
     * shipper storing a segment no kept backup needs): then the file is left deleted, never listed
     * without its bytes, which would make every later restore refuse the repository as tampered.
     */
    private void enlist(StoredFile file) throws IOException {
        String key = file.key();
        index.exclusively(() -> {
            if (store.exists(META + key + META_SUFFIX) && store.exists(FILES + key)) {
                index.update(files -> files.put(key, RepositoryIndex.Entry.of(file)));
            } else {
                removeObjects(key);
            }
            return null;
        });
    }

    private void putMeta(StoredFile file) throws IOException {
        byte[] meta = JSON.writeValueAsBytes(Meta.of(file));
        store.put(META + file.key() + META_SUFFIX, new java.io.ByteArrayInputStream(meta), meta.length);
    }

    private Path newStagingFile(String what) throws IOException {
        java.util.Optional<Path> dir = store.stagingDir();
        String prefix = BackupStore.STAGING_PREFIX + what + "-";
        return dir.isPresent() ? Files.createTempFile(dir.get(), prefix, ".tmp") : Files.createTempFile(prefix, ".tmp");
    }

    /** Copies this vault's sealed bytes of {@code key} into a temp file after checking them end to end: the source of a repair. */
    Sealed copyOut(String key) throws IOException {
        StoredFile expected = recorded(key);
        Path copy = newStagingFile("copy");
        try {
            try (InputStream in = rawBytes(key)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            try (InputStream in = Files.newInputStream(copy)) {
                open(expected, in, OutputStream.nullOutputStream());
            }
            return new Sealed(copy, expected);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    @Override
    public void fetch(String key, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(".fetching-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
                open(key, out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void verify(String key) throws IOException {
        open(key, OutputStream.nullOutputStream());
    }

    @Override
    public void read(String key, OutputStream out) throws IOException {
        open(key, out);
    }

    @Override
    public List<StoredFile> list(String prefix) throws IOException {
        List<StoredObject> wanted = new ArrayList<>();
        for (StoredObject meta : store.list(META + prefix)) {
            String name = meta.key();
            if (name.endsWith(META_SUFFIX) && keyOf(meta).startsWith(prefix)) {
                wanted.add(meta);
            }
        }
        List<StoredFile> files = new ArrayList<>(readMetas(wanted));
        files.sort(Comparator.comparing(StoredFile::key));
        return files;
    }

    /**
     * True once the file is whole in the store and in its index. A file whose writer died before the index
     * was updated counts as absent, so storing it again completes it; bytes lost afterwards show up in
     * {@link #audit()}, fetch and verify.
     */
    @Override
    public boolean exists(String key) throws IOException {
        return store.exists(META + BackupStore.checkKey(key) + META_SUFFIX) && index.lists(key);
    }

    @Override
    public void delete(String key) throws IOException {
        deleteAll(List.of(key));
    }

    /**
     * Out of the index first, in one index update for the lot: a half-done delete leaves unlisted orphans,
     * never an indexed file without bytes. Under the writer lock, so no writer lists a key in between.
     */
    @Override
    public void deleteAll(List<String> keys) throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        keys.forEach(BackupStore::checkKey);
        index.exclusively(() -> {
            java.util.Set<String> listed = index.newest().files().keySet();
            if (keys.stream().anyMatch(listed::contains)) {
                index.update(files -> keys.forEach(files::remove));
            }
            for (String key : keys) {
                removeObjects(key);
            }
            return null;
        });
    }

    /** The sidecar, then the bytes: a file with a sidecar always has its bytes. */
    private void removeObjects(String key) throws IOException {
        store.delete(META + key + META_SUFFIX);
        metaCache.remove(META + key + META_SUFFIX);
        store.delete(FILES + key);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    /**
     * Checks the repository against its authenticated index before anything is restored from it: every
     * file the index lists must be there with the recorded checksum and sizes (a deleted or swapped file
     * fails), the index must not be older than one this machine has seen, nor older than files stored
     * after it (a rolled-back index fails). A concurrent writer moving the index on is allowed for.
     */
    @Override
    public List<RepositoryAudit> audit() throws IOException {
        for (int attempt = 1; ; attempt++) {
            RepositoryIndex.Snapshot snapshot = index.newest();
            try {
                return List.of(audit(snapshot));
            } catch (RepositoryTampered e) {
                // A writer may have removed files after we read the index: judge by the newest one only.
                if (attempt >= 3 || index.newestNumber() == snapshot.number()) {
                    throw e;
                }
            }
        }
    }

    private RepositoryAudit audit(RepositoryIndex.Snapshot snapshot) throws IOException {
        String where = describe();
        java.util.Optional<RepositoryIndex.Witnessed> seen = index.witnessed();
        if (seen.isPresent() && seen.get().number() > snapshot.number()) {
            throw new RepositoryTampered("repository " + where + " was rolled back: its index is number " + snapshot.number()
                    + (snapshot.number() == 0 ? " (gone)" : " (written " + snapshot.writtenAt() + ")")
                    + ", but this machine saw number " + seen.get().number() + " (written " + seen.get().writtenAt()
                    + "); restore from another repository or an intact copy");
        }
        List<StoredObject> metas = new ArrayList<>();
        for (StoredObject meta : store.list(META)) {
            if (meta.key().endsWith(META_SUFFIX)) {
                metas.add(meta);
            }
        }
        if (snapshot.number() == 0) {
            if (metas.isEmpty()) {
                return new RepositoryAudit(where, 0, null, 0);
            }
            StoredFile any = readMeta(metas.getFirst().key(), keyOf(metas.getFirst()));
            throw new RepositoryTampered("repository " + where + " holds " + metas.size() + " files (" + any.key()
                    + ", ...) but no index: it was written by an unfinished writer or its index was deleted");
        }
        Map<String, StoredFile> present = new java.util.HashMap<>();
        for (StoredFile file : readMetas(metas)) {
            present.put(file.key(), file);
        }
        // One listing of the sealed bytes (not a request per file): present, and of the recorded size.
        Map<String, Long> sealedSizes = new java.util.HashMap<>();
        for (StoredObject object : store.list(FILES)) {
            sealedSizes.put(object.key().substring(FILES.length()), object.size());
        }
        List<String> missing = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (Map.Entry<String, RepositoryIndex.Entry> entry : snapshot.files().entrySet()) {
            StoredFile file = present.get(entry.getKey());
            if (file == null) {
                missing.add(entry.getKey());
            } else if (!entry.getValue().matches(file)) {
                replaced.add(entry.getKey());
            } else if (!sealedSizes.containsKey(entry.getKey())) {
                missing.add(entry.getKey());
            } else if (sealedSizes.get(entry.getKey()) != entry.getValue().storedSize()) {
                damaged.add(entry.getKey());
            }
        }
        String indexName = "repository index number " + snapshot.number() + " (written " + snapshot.writtenAt() + ")";
        if (!missing.isEmpty()) {
            throw new RepositoryTampered(missing.size() + " backup file(s) missing from " + where + ": "
                    + String.join(", ", RepositoryIndex.sample(missing)) + " (the " + indexName
                    + " lists them); deleted after they were stored. Restore from another repository, or accept"
                    + " losing them by restoring to a time before them (--to-time)");
        }
        if (!damaged.isEmpty()) {
            throw new RepositoryTampered(damaged.size() + " backup file(s) in " + where + " are corrupted: "
                    + String.join(", ", RepositoryIndex.sample(damaged)) + " (their sealed bytes are not the size the "
                    + indexName + " recorded: truncated or overwritten)");
        }
        if (!replaced.isEmpty()) {
            throw new RepositoryTampered(replaced.size() + " backup file(s) in " + where + " do not match the " + indexName
                    + ": " + String.join(", ", RepositoryIndex.sample(replaced)) + " (replaced, swapped or rolled back)");
        }
        Instant after = snapshot.writtenAtInstant().plus(UNLISTED_GRACE);
        List<String> newer = present.values().stream()
                .filter(f -> !snapshot.files().containsKey(f.key()) && f.storedAt().isAfter(after))
                .map(StoredFile::key).sorted().toList();
        if (!newer.isEmpty()) {
            throw new RepositoryTampered("the index of " + where + " was rolled back: the " + indexName + " does not list "
                    + newer.size() + " file(s) stored after it (" + String.join(", ", RepositoryIndex.sample(newer)) + ")");
        }
        index.witness(snapshot);
        return new RepositoryAudit(where, snapshot.number(), snapshot.writtenAtInstant(), snapshot.files().size());
    }


    @Override
    public void close() throws IOException {
        store.close();
    }

    @Override
    public String toString() {
        return "vault " + describe();
    }

    /** The sidecar of {@code key}: what was recorded when it was stored. */
    public StoredFile recorded(String key) throws IOException {
        return readMeta(META + BackupStore.checkKey(key) + META_SUFFIX, key);
    }

    /** Streams the plaintext of {@code key} into {@code out}, failing unless every check passes. */
    private void open(String key, OutputStream out) throws IOException {
        StoredFile expected = recorded(key);
        try (InputStream in = rawBytes(key)) {
            open(expected, in, out);
        }
    }

    private InputStream rawBytes(String key) throws IOException {
        try {
            return store.get(FILES + key);
        } catch (NoSuchFileException e) {
            throw new BackupCorrupted("backup file " + key + " in " + describe() + " is listed but its sealed bytes are missing");
        }
    }

    /** Checks sealed bytes against their sidecar (SHA-256, sizes) and their GCM tags while writing the plaintext to {@code out}. */
    private void open(StoredFile expected, InputStream in, OutputStream out) throws IOException {
        String name = "backup file " + expected.key() + " in " + describe();
        MessageDigest sha = sha256();
        long plainSize;
        CountingInputStream raw = new CountingInputStream(in, sha);
        // Interpreted, AES-GCM opens about 20 MB/s: a file of more than 64 MiB waits for the compiled code (0.2 s
        // of warm-up); a smaller one starts the warm-up for the files after it and goes on (a base backup the
        // server compressed is 50 MB per GB, and its reader is not the slow end of a restore's pipeline).
        if (expected.storedSize() > 64 << 20) {
            Seal.warmUpForLargeData();
        } else if (expected.storedSize() > 1 << 20) {
            Seal.warmUpInBackground();
        }
        try (InputStream plain = Seal.opening(raw, keyring, expected.key())) {
            plainSize = plain.transferTo(out);
        } catch (KeyNotHeld e) {
            // A damaged header can name a key we do not hold: the checksum tells damage from a real key mismatch.
            raw.transferTo(OutputStream.nullOutputStream());
            if (!HexFormat.of().formatHex(sha.digest()).equals(expected.sha256())) {
                throw new BackupCorrupted(name + " is corrupted: its SHA-256 does not match the one recorded when it was stored");
            }
            throw new WrongKey(name + " cannot be opened: " + e.getMessage()
                    + "; set DR_KEY or DR_KEY_FILE to the key it was sealed with");
        } catch (SealBroken e) {
            throw new BackupCorrupted(name + " is corrupted: " + e.getMessage());
        } catch (com.dhakacart.dr.crypto.FormatUnsupported e) {
            throw new RepositoryFormatUnsupported(name + " was " + e.getMessage()
                    + ": start a new repository (a new DR_REPOSITORIES location) and take a backup");
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(expected.sha256()) || raw.count != expected.storedSize()) {
            throw new BackupCorrupted(name + " is corrupted: its SHA-256 does not match the one recorded when it was stored");
        }
        if (plainSize != expected.plainSize()) {
            throw new BackupCorrupted(name + " is corrupted: it opened to " + plainSize + " bytes, " + expected.plainSize() + " were stored");
        }
    }

    private List<StoredFile> readMetas(List<StoredObject> metas) throws IOException {
        if (metas.size() <= 1) {
            List<StoredFile> files = new ArrayList<>();
            for (StoredObject meta : metas) {
                files.add(cachedMeta(meta));
            }
            return files;
        }
        // Sidecars are tiny but on S3 each is a round trip: read them concurrently.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.Semaphore limit = new java.util.concurrent.Semaphore(32);
            List<Future<StoredFile>> futures = new ArrayList<>();
            for (StoredObject meta : metas) {
                futures.add(pool.submit(() -> {
                    limit.acquire();
                    try {
                        return cachedMeta(meta);
                    } finally {
                        limit.release();
                    }
                }));
            }
            List<StoredFile> files = new ArrayList<>();
            for (Future<StoredFile> future : futures) {
                files.add(future.get());
            }
            return files;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("listing " + describe() + " was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private StoredFile cachedMeta(StoredObject meta) throws IOException {
        CachedMeta cached = metaCache.get(meta.key());
        if (cached != null && cached.size == meta.size() && cached.modified.equals(meta.lastModified())) {
            return cached.file;
        }
        StoredFile file = readMeta(meta.key(), keyOf(meta));
        metaCache.put(meta.key(), new CachedMeta(meta.size(), meta.lastModified(), file));
        return file;
    }

    private StoredFile readMeta(String metaKey, String key) throws IOException {
        byte[] bytes;
        try (InputStream in = store.get(metaKey)) {
            bytes = in.readNBytes(64 * 1024);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(key, null, "no backup file " + key + " in " + describe());
        }
        try {
            Meta meta = JSON.readValue(bytes, Meta.class);
            if (meta.format() != FORMAT) {
                throw new FormatMismatch(meta.format());
            }
            if (!key.equals(meta.key()) || meta.sha256() == null || meta.sha256().length() != 64) {
                throw new IOException("inconsistent");
            }
            return meta.toStoredFile();
        } catch (FormatMismatch e) {
            throw new RepositoryFormatUnsupported("repository " + describe() + " was written in format " + e.format
                    + " by " + (e.format < FORMAT ? "an older" : "a newer") + " dhakacart dr; this version reads format "
                    + FORMAT + " only: start a new repository (a new DR_REPOSITORIES location) and take a backup");
        } catch (IOException | RuntimeException e) {
            throw new BackupCorrupted("backup file " + key + " in " + describe() + " is corrupted: its metadata " + metaKey + " is unreadable");
        }
    }

    private static String keyOf(StoredObject meta) {
        return meta.key().substring(META.length(), meta.key().length() - META_SUFFIX.length());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record CachedMeta(long size, Instant modified, StoredFile file) {
    }

    private static final class FormatMismatch extends IOException {
        final int format;

        FormatMismatch(int format) {
            super("format " + format);
            this.format = format;
        }
    }

    /** The sidecar's JSON form; {@code format} lets a later layout be told apart. */
    record Meta(int format, String key, long plainSize, long storedSize, String sha256, String keyId, String storedAt) {
        static Meta of(StoredFile file) {
            return new Meta(FORMAT, file.key(), file.plainSize(), file.storedSize(), file.sha256(), file.keyId(), file.storedAt().toString());
        }

        StoredFile toStoredFile() {
            return new StoredFile(key, plainSize, storedSize, sha256, keyId, Instant.parse(storedAt));
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        private final MessageDigest digest;
        private long count;

        CountingOutputStream(OutputStream out, MessageDigest digest) {
            super(out);
            this.digest = digest;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }
    }

    private static final class CountingInputStream extends FilterInputStream {
        private final MessageDigest digest;
        private long count;

        CountingInputStream(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Every byte must pass through the digest.
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public void close() {
            // The owner closes the underlying store stream.
        }
    }
}
