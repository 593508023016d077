package com.dhakacart.dr.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link BackupStore} backend must do; each backend's test extends this and supplies a fresh, empty store. */
public abstract class BackupStoreContract {

    @TempDir
    protected Path scratch;

    protected BackupStore store;

    /** A new store with nothing in it. */
    protected abstract BackupStore newEmptyStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newEmptyStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void givesBackExactlyTheBytesPutFromAFile() throws IOException {
        byte[] bytes = randomBytes(200_000, 1);
        Path source = Files.write(scratch.resolve("source"), bytes);

        store.put("base/20261127T010203Z/base.tar", source);

        assertThat(read("base/20261127T010203Z/base.tar")).isEqualTo(bytes);
    }

    @Test
    void givesBackExactlyTheBytesPutFromAStream() throws IOException {
        byte[] bytes = "hello repository".getBytes(StandardCharsets.UTF_8);

        store.put("meta/a.json", new ByteArrayInputStream(bytes), bytes.length);

        assertThat(read("meta/a.json")).isEqualTo(bytes);
    }

    @Test
    void storesAnEmptyObject() throws IOException {
        store.put("empty", new ByteArrayInputStream(new byte[0]), 0);

        assertThat(store.exists("empty")).isTrue();
        assertThat(read("empty")).isEmpty();
    }

    @Test
    void roundTripsAnObjectOfSeveralMegabytes() throws IOException {
        byte[] bytes = randomBytes(12 * 1024 * 1024 + 17, 2);
        Path source = Files.write(scratch.resolve("big"), bytes);

        store.put("base/big.tar", source);

        assertThat(read("base/big.tar")).isEqualTo(bytes);
        assertThat(store.list("base/")).singleElement().extracting(StoredObject::size).isEqualTo((long) bytes.length);
    }

    @Test
    void replacesAnObjectPutAgainUnderTheSameKey() throws IOException {
        put("wal/1", "first version");
        put("wal/1", "second");

        assertThat(new String(read("wal/1"), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(store.list("wal/")).hasSize(1);
    }

    @Test
    void listsOnlyKeysUnderThePrefixSortedWithTheirSizes() throws IOException {
        put("wal/000000010000000000000002", "bb");
        put("wal/000000010000000000000001", "a");
        put("wal/sub/000000010000000000000003", "ccc");
        put("base/x/base.tar", "dddd");
        put("walrus", "eeeee");

        assertThat(store.list("wal/")).extracting(StoredObject::key, StoredObject::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("wal/000000010000000000000001", 1L),
                org.assertj.core.groups.Tuple.tuple("wal/000000010000000000000002", 2L),
                org.assertj.core.groups.Tuple.tuple("wal/sub/000000010000000000000003", 3L));
        assertThat(store.list("wal")).extracting(StoredObject::key).contains("walrus").hasSize(4);
        assertThat(store.list("wal/0000000100000000000000")).hasSize(2);
        assertThat(store.list("")).hasSize(5);
        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("wal/").getFirst().lastModified()).isNotNull();
    }

    @Test
    void tellsWhetherAKeyExists() throws IOException {
        put("wal/1", "x");

        assertThat(store.exists("wal/1")).isTrue();
        assertThat(store.exists("wal/2")).isFalse();
        assertThat(store.exists("wal")).isFalse();
    }

    @Test
    void reportsAMissingKeyAsNoSuchFile() {
        assertThatThrownBy(() -> store.get("wal/missing").close()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deletesAnObjectAndToleratesDeletingItAgain() throws IOException {
        put("wal/1", "x");
        put("wal/2", "y");

        store.delete("wal/1");
        store.delete("wal/1");

        assertThat(store.exists("wal/1")).isFalse();
        assertThat(store.list("")).extracting(StoredObject::key).containsExactly("wal/2");
    }

    @Test
    void leavesNothingUnderTheKeyWhenTheSourceEndsEarly() throws IOException {
        InputStream short3 = new ByteArrayInputStream(new byte[3]);

        assertThatThrownBy(() -> store.put("wal/torn", short3, 10)).isInstanceOf(IOException.class);

        assertThat(store.exists("wal/torn")).isFalse();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void refusesKeysThatCouldEscapeTheRepository() {
        for (String bad : new String[]{"../etc/passwd", "/abs", "a/../../b", "a//b", "", "dir/"}) {
            assertThatThrownBy(() -> store.put(bad, new ByteArrayInputStream(new byte[1]), 1))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    protected void put(String key, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length);
    }

    protected byte[] read(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
