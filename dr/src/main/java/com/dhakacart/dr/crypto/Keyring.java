package com.dhakacart.dr.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backup keys we hold: new files are sealed with the current key, and any key held can open
 * files sealed earlier, which is what makes rotation safe (add a new current key, keep the old ones).
 *
 * <p>Sources: a key file with one {@code keyid:base64key} line per key, the first being current
 * ({@code #} comments and blank lines allowed), and/or the {@code DR_KEY} environment variable holding
 * a base64 key whose id is derived from its fingerprint ({@code k} + 12 hex digits).
 */
public final class Keyring {

    /** Environment variable with a base64 256-bit key; when set it is the current key. */
    public static final String ENV_KEY = "DR_KEY";
    /** Environment variable naming the key file to use instead of the default one. */
    public static final String ENV_KEY_FILE = "DR_KEY_FILE";

    private final List<SealingKey> keys;
    private final Optional<Path> file;

    private Keyring(List<SealingKey> keys, Optional<Path> file) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a keyring needs at least one key");
        }
        Map<String, SealingKey> byId = new LinkedHashMap<>();
        for (SealingKey key : keys) {
            SealingKey before = byId.putIfAbsent(key.id(), key);
            if (before != null && !before.hasFingerprint(key.fingerprint())) {
                throw new IllegalArgumentException("two different keys share the id '" + key.id() + "'");
            }
        }
        this.keys = List.copyOf(byId.values());
        this.file = file;
    }

    /** Reads a key file ({@code keyid:base64key} per line, first = current). */
    public static Keyring fromFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new KeyFileInvalid("key file " + path + " does not exist");
        }
        List<SealingKey> keys = new ArrayList<>();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = "key file " + path + " line " + (i + 1);
            if (colon <= 0) {
                throw new KeyFileInvalid(where + ": expected keyid:base64key");
            }
            keys.add(parse(line.substring(0, colon).strip(), line.substring(colon + 1).strip(), where));
        }
        if (keys.isEmpty()) {
            throw new KeyFileInvalid("key file " + path + " holds no keys");
        }
        try {
            return new Keyring(keys, Optional.of(path.toAbsolutePath().normalize()));
        } catch (IllegalArgumentException e) {
            throw new KeyFileInvalid("key file " + path + ": " + e.getMessage());
        }
    }

    /** A single key given as base64 (the {@code DR_KEY} form); its id is derived from its fingerprint. */
    public static Keyring fromBase64(String base64) throws KeyFileInvalid {
        SealingKey probe = parse("probe", base64, ENV_KEY);
        return new Keyring(List.of(new SealingKey(derivedId(probe), probe.material())), Optional.empty());
    }

    /**
     * The keyring the environment configures: {@code DR_KEY_FILE} or else {@code defaultFile} (when it
     * exists) for file keys, and {@code DR_KEY}, which becomes the current key when set while the file
     * keys stay usable for opening older files. Empty when nothing is configured, so the caller can
     * generate a key on first start ({@link KeyFiles#generate}).
     */
    public static Optional<Keyring> resolve(Map<String, String> env, Path defaultFile) throws IOException {
        String fileName = env.get(ENV_KEY_FILE);
        Optional<Keyring> fromFile = Optional.empty();
        if (fileName != null && !fileName.isBlank()) {
            fromFile = Optional.of(fromFile(Path.of(fileName)));
        } else if (defaultFile != null && Files.exists(defaultFile)) {
            fromFile = Optional.of(fromFile(defaultFile));
        }
        String envKey = env.get(ENV_KEY);
        if (envKey == null || envKey.isBlank()) {
            return fromFile;
        }
        Keyring fromEnv = fromBase64(envKey);
        return Optional.of(fromFile.map(older -> fromEnv.withOlder(older)).orElse(fromEnv));
    }

    /** This keyring's keys first (so its current key stays current), then those of {@code older} for opening old files. */
    public Keyring withOlder(Keyring older) {
        List<SealingKey> all = new ArrayList<>(keys);
        all.addAll(older.keys);
        return new Keyring(all, file.or(() -> older.file));
    }

    /** The key new files are sealed with. */
    public SealingKey current() {
        return keys.getFirst();
    }

    /** Ids of every key held, current first. */
    public List<String> ids() {
        return keys.stream().map(SealingKey::id).toList();
    }

    /** The key file this keyring was read from, if any: a repository must never contain it. */
    public Optional<Path> file() {
        return file;
    }

    /** The key with this id; else (a key renamed in the file) the one with this fingerprint. */
    Optional<SealingKey> find(String id, byte[] fingerprint) {
        Optional<SealingKey> byId = keys.stream().filter(k -> k.id().equals(id)).findFirst();
        if (byId.isPresent()) {
            return byId;
        }
        return keys.stream().filter(k -> k.hasFingerprint(fingerprint)).findFirst();
    }

    static String derivedId(SealingKey key) {
        return "k" + key.fingerprintHex().substring(0, 12);
    }

    private static SealingKey parse(String id, String base64, String where) throws KeyFileInvalid {
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new KeyFileInvalid(where + ": the key is not valid base64");
        }
        try {
            return new SealingKey(id, material);
        } catch (IllegalArgumentException e) {
            throw new KeyFileInvalid(where + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "keyring " + ids() + file.map(f -> " from " + f).orElse("");
    }
}
