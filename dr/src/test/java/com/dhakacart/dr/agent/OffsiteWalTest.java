package com.dhakacart.dr.agent;

import com.dhakacart.dr.crypto.Keyring;
import com.dhakacart.dr.store.local.LocalStore;
import com.dhakacart.dr.vault.SealedVault;
import com.dhakacart.dr.vault.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OffsiteWalTest {

    @TempDir
    Path dir;

    @Test
    void reportsNoLagWhenTheOffsiteCopyHoldsTheNewestWalTheReceiverWrote() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path partial = Files.write(spool.resolve("000000010000000000000003.partial"), new byte[] {1});
        Files.setLastModifiedTime(partial, FileTime.from(Instant.now().minusSeconds(10)));
        try (Vault offsite = vault("s3")) {
            offsite.store("partial/000000010000000000000003.partial.1", partial);

            assertThat(OffsiteWal.lagSeconds(List.of(offsite), spool)).isZero();
        }
    }

    @Test
    void reportsTheTimeTheReceiverWroteSinceTheLastWalThatReachedTheOffsiteRepository() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path partial = Files.write(spool.resolve("000000010000000000000003.partial"), new byte[] {1});
        try (Vault offsite = vault("s3")) {
            offsite.store("wal/000000010000000000000002", partial);
            Instant uploaded = offsite.list("wal/").getFirst().storedAt();
            // The receiver kept writing for ten minutes while every upload failed.
            Files.setLastModifiedTime(partial, FileTime.from(uploaded.plusSeconds(600)));

            assertThat(OffsiteWal.lagSeconds(List.of(offsite), spool)).isEqualTo(600);
        }
    }

    @Test
    void countsAnOffsiteRepositoryWithNoWalOfTheCurrentLogFileAsFarBehind() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.write(spool.resolve("000000020000000000000001.partial"), new byte[] {1});
        try (Vault offsite = vault("s3")) {
            assertThat(OffsiteWal.lagSeconds(List.of(offsite), spool)).isGreaterThan(365L * 24 * 3600);
        }
    }

    @Test
    void reportsNothingBehindWhenTheSpoolHoldsNoWal() throws Exception {
        try (Vault offsite = vault("s3")) {
            assertThat(OffsiteWal.lagSeconds(List.of(offsite), Files.createDirectories(dir.resolve("empty")))).isZero();
        }
    }

    private Vault vault(String name) throws Exception {
        byte[] key = new byte[32];
        key[0] = 7;
        return new SealedVault(new LocalStore(Files.createDirectories(dir.resolve(name))),
                Keyring.fromBase64(Base64.getEncoder().encodeToString(key)));
    }
}
