package com.dhakacart.dr.store.local;

import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.BackupStoreContract;
import com.dhakacart.dr.store.RepositoryUnreachable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local directory backend against the store contract, plus what only a directory can show. */
class LocalStoreTest extends BackupStoreContract {

    @Override
    protected BackupStore newEmptyStore() {
        return new LocalStore(scratch.resolve("repo"));
    }

    @Test
    void leavesNoTempFilesBehindAfterAFailedWrite() throws Exception {
        assertThatThrownBy(() -> store.put("wal/torn", new ByteArrayInputStream(new byte[3]), 10));

        try (Stream<Path> files = Files.walk(scratch.resolve("repo"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void reportsARepositoryItCannotWriteAsUnreachable() throws Exception {
        Path blocker = Files.writeString(scratch.resolve("not-a-directory"), "x");
        LocalStore store = new LocalStore(blocker);

        assertThatThrownBy(() -> store.put("wal/1", new ByteArrayInputStream(new byte[1]), 1))
                .isInstanceOf(RepositoryUnreachable.class)
                .hasMessageContaining(blocker.toString());
    }

    @Test
    void removesFoldersLeftEmptyByADelete() throws Exception {
        put("base/2026/base.tar", "x");

        store.delete("base/2026/base.tar");

        assertThat(scratch.resolve("repo/base")).doesNotExist();
        assertThat(scratch.resolve("repo")).isDirectory();
    }
}
