package com.dhakacart.dr.vault;

import com.dhakacart.dr.crypto.FormatUnsupported;
import com.dhakacart.dr.crypto.KeyNotHeld;
import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.crypto.Seal;
import com.dhakacart.dr.crypto.SealBroken;
import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.StoredObject;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The authenticated list of every file one repository holds: its name, sizes and the SHA-256 of its
 * sealed bytes. The sidecars under {@code meta/} are plain JSON anyone with write access can delete or
 * swap; this index is sealed (AEAD under the backup key, bound to its own name), so a file deleted
 * together with its sidecar, or replaced by another, no longer matches it.
 *
 * <p>Each change writes the whole list as a new object {@code index/<number>}, the number one higher
 * than the newest: the newest is the truth, and a lower number than one this machine has seen means the
 * repository was rolled back. Writers on one machine (the agent, a manual {@code dr backup}) take a lock
 * file so that neither loses the other's update; one shop writes to a repository.
 */
final class RepositoryIndex {

    static final String PREFIX = "index/";
    private static final Pattern NAME = Pattern.compile("index/(\\d{12})");
    /** Older versions kept for a reader that listed just before a writer moved on. */
    private static final int KEEP = 3;
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** What the index records of one file. */
    record Entry(long plainSize, long storedSize, String sha256, String keyId) {
        static Entry of(StoredFile file) {
            return new Entry(file.plainSize(), file.storedSize(), file.sha256(), file.keyId());
        }

        boolean matches(StoredFile file) {
            return sha256.equals(file.sha256()) && storedSize == file.storedSize() && plainSize == file.plainSize();
        }
    }

    /** One version of the index as stored (JSON inside the sealed object). */
    record Snapshot(int format, long number, String writtenAt, SortedMap<String, Entry> files) {
        static final Snapshot EMPTY = new Snapshot(2, 0, Instant.EPOCH.toString(), new TreeMap<>());

        Instant writtenAtInstant() {
            return Instant.parse(writtenAt);
        }
    }

    private final BackupStore store;
    private final Keyring keyring;
    private final Clock clock;
    private final Optional<Path> witnessDir;
    private volatile Snapshot cached;

    RepositoryIndex(BackupStore store, Keyring keyring, Clock clock, Optional<Path> witnessDir) {
        this.store = store;
        this.keyring = keyring;
        this.clock = clock;
        this.witnessDir = witnessDir;
    }

    static String key(long number) {
        return PREFIX + String.format("%012d", number);
    }

    /** The newest index in the repository (the empty one when there is none yet). */
    Snapshot newest() throws IOException {
        for (int attempt = 0; ; attempt++) {
            long number = newestNumber();
            Snapshot known = cached;
            if (known != null && known.number() == number) {
                return known;
            }
            if (number == 0) {
                return Snapshot.EMPTY;
            }
            try {
                Snapshot read = read(number);
                cached = read;
                return read;
            } catch (NoSuchFileException replacedMeanwhile) {
                if (attempt >= 3) {
                    throw replacedMeanwhile;
                }
            }
        }
    }

    /** True when the newest index lists {@code key} (read again only when the cached copy does not). */
    boolean lists(String key) throws IOException {
        Snapshot known = cached;
        if (known != null && known.files().containsKey(key)) {
            return true;
        }
        return newest().files().containsKey(key);
    }

    long newestNumber() throws IOException {
        long newest = 0;
        for (StoredObject object : store.list(PREFIX)) {
            var m = NAME.matcher(object.key());
            if (m.matches()) {
                newest = Math.max(newest, Long.parseLong(m.group(1)));
            }
        }
        return newest;
    }

    /** One step done while holding the repository's writer lock. */
    interface Step<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code step} holding this repository's writer lock: in this process and, through a lock file,
     * against the other writers on this machine. Re-entrant, so a step may call {@link #update}.
     */
    <T> T exclusively(Step<T> step) throws IOException {
        ReentrantLock inProcess = LOCKS.computeIfAbsent(store.describe(), k -> new ReentrantLock());
        if (inProcess.isHeldByCurrentThread()) {
            return step.run();
        }
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return step.run();
        } finally {
            inProcess.unlock();
        }
    }

    /** Applies {@code change} to the newest list and stores the result as the next index; returns it. */
    Snapshot update(Consumer<SortedMap<String, Entry>> change) throws IOException {
        return exclusively(() -> {
            Snapshot base = newest();
            SortedMap<String, Entry> files = new TreeMap<>(base.files());
            change.accept(files);
            if (files.equals(base.files()) && base.number() > 0) {
                return base;
            }
            Snapshot next = new Snapshot(2, base.number() + 1, clock.instant().toString(), files);
            write(next);
            cached = next;
            witness(next);
            if (next.number() > KEEP) {
                store.delete(key(next.number() - KEEP));
            }
            return next;
        });
    }

    /** The highest index number this machine has seen for this repository, if it keeps such a record. */
    Optional<Witnessed> witnessed() throws IOException {
        Optional<Path> file = witnessFile();
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return Optional.empty();
        }
        String[] parts = Files.readString(file.get(), StandardCharsets.UTF_8).strip().split("\t");
        try {
            return Optional.of(new Witnessed(Long.parseLong(parts[0]), Instant.parse(parts[1])));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    record Witnessed(long number, Instant writtenAt) {
    }

    /** Records that this machine saw {@code snapshot}, unless it already saw a newer one. */
    void witness(Snapshot snapshot) throws IOException {
        Optional<Path> file = witnessFile();
        if (file.isEmpty() || snapshot.number() == 0) {
            return;
        }
        Optional<Witnessed> before = witnessed();
        if (before.isPresent() && before.get().number() >= snapshot.number()) {
            return;
        }
        Files.createDirectories(file.get().getParent());
        Path temp = file.get().resolveSibling(file.get().getFileName() + ".new-" + ProcessHandle.current().pid());
        Files.writeString(temp, snapshot.number() + "\t" + snapshot.writtenAt() + "\t" + store.describe() + "\n",
                StandardCharsets.UTF_8);
        Files.move(temp, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Snapshot read(long number) throws IOException {
        String key = key(number);
        byte[] json;
        try (InputStream in = store.get(key); InputStream plain = Seal.opening(in, keyring, key)) {
            json = plain.readAllBytes();
        } catch (SealBroken e) {
            throw new RepositoryTampered("the repository index " + key + " in " + store.describe()
                    + " failed authentication (" + e.getMessage() + "): it was changed or replaced");
        } catch (FormatUnsupported e) {
            throw new RepositoryFormatUnsupported("repository " + store.describe() + " was " + e.getMessage()
                    + "; start a new repository (a new DR_REPOSITORIES location) and take a backup");
        } catch (KeyNotHeld e) {
            throw new WrongKey("the repository index " + key + " in " + store.describe() + " cannot be opened: "
                    + e.getMessage() + "; set DR_KEY or DR_KEY_FILE to the current backup key");
        }
        Snapshot snapshot = JSON.readValue(json, Snapshot.class);
        if (snapshot.number() != number) {
            throw new RepositoryTampered("the repository index " + key + " in " + store.describe() + " says it is number "
                    + snapshot.number());
        }
        return new Snapshot(snapshot.format(), snapshot.number(), snapshot.writtenAt(),
                snapshot.files() == null ? new TreeMap<>() : new TreeMap<>(snapshot.files()));
    }

    private void write(Snapshot snapshot) throws IOException {
        String key = key(snapshot.number());
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = Seal.sealing(sealed, keyring, key)) {
            out.write(JSON.writeValueAsBytes(snapshot));
        }
        byte[] bytes = sealed.toByteArray();
        store.put(key, new ByteArrayInputStream(bytes), bytes.length);
    }

    private Path lockFile() {
        return Path.of(System.getProperty("java.io.tmpdir"), "dhakacart-dr-index-" + id() + ".lock");
    }

    private Optional<Path> witnessFile() {
        return witnessDir.map(dir -> dir.resolve("index-seen").resolve(id()));
    }

    private String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(store.describe().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static List<String> sample(List<String> keys) {
        return keys.size() <= 3 ? keys : List.of(keys.get(0), keys.get(1), keys.get(2) + " and " + (keys.size() - 3) + " more");
    }
}
