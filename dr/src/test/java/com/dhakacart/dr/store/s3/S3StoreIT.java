package com.dhakacart.dr.store.s3;

import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.BackupStoreContract;
import com.dhakacart.dr.store.RepositoryUnreachable;
import com.dhakacart.testing.LocalProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 backend against the store contract, talking HTTP to a real S3 server (S3Proxy) on loopback. */
class S3StoreIT extends BackupStoreContract {

    static S3ProxyServer server;
    static final AtomicInteger BUCKETS = new AtomicInteger();

    @BeforeAll
    static void startServer() {
        server = S3ProxyServer.start(com.dhakacart.testing.SharedServices.scratchDir("s3proxy"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected BackupStore newEmptyStore() {
        // A fresh bucket per test, and a prefix, so keys are proven relative to it; the minimum part
        // size makes the multi-megabyte contract test go through multipart upload.
        return new S3Store(server.settings("repo-" + BUCKETS.incrementAndGet(), "dhakacart/backups", S3Settings.MIN_PART_SIZE));
    }

    @Test
    void keepsObjectsUnderItsPrefixInTheBucket() throws Exception {
        put("wal/1", "x");

        assertThat(server.dataDir().resolve("repo-" + BUCKETS.get() + "/dhakacart/backups/wal/1")).exists();
    }

    @Test
    void reportsADeadEndpointAsUnreachableWithinSeconds() {
        int deadPort = LocalProcesses.freePort();
        S3Settings dead = new S3Settings("repo", "", Optional.of(java.net.URI.create("http://127.0.0.1:" + deadPort)),
                "us-east-1", Optional.of("a"), Optional.of("b"), false, S3Settings.DEFAULT_PART_SIZE);
        Instant start = Instant.now();
        try (S3Store unreachable = new S3Store(dead)) {
            assertThatThrownBy(() -> unreachable.put("wal/1", new ByteArrayInputStream(new byte[1]), 1))
                    .isInstanceOf(RepositoryUnreachable.class)
                    .hasMessageContaining("127.0.0.1:" + deadPort)
                    .hasMessageContaining("unreachable");
            assertThatThrownBy(() -> unreachable.list("wal/")).isInstanceOf(RepositoryUnreachable.class);
        }
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void reportsWrongCredentialsAsUnreachableSayingAccessDenied() {
        S3Settings wrong = new S3Settings("repo-" + BUCKETS.get(), "", Optional.of(server.endpoint()), "us-east-1",
                Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of("not-the-secret"), false, S3Settings.DEFAULT_PART_SIZE);
        try (S3Store store = new S3Store(wrong)) {
            assertThatThrownBy(() -> store.list("")).isInstanceOf(RepositoryUnreachable.class).hasMessageContaining("access denied");
        }
    }

    @Test
    void reportsAMissingBucketPlainly() {
        S3Settings missing = new S3Settings("no-such-bucket", "", Optional.of(server.endpoint()), "us-east-1",
                Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of(S3ProxyServer.SECRET_KEY), false, S3Settings.DEFAULT_PART_SIZE);
        try (S3Store store = new S3Store(missing)) {
            assertThatThrownBy(() -> store.put("wal/1", new ByteArrayInputStream(new byte[1]), 1))
                    .isInstanceOf(RepositoryUnreachable.class).hasMessageContaining("no-such-bucket").hasMessageContaining("does not exist");
        }
    }

}
