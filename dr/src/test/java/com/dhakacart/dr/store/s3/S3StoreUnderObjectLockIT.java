package com.dhakacart.dr.store.s3;

import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.BackupStoreContract;
import com.dhakacart.testing.SharedServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 backend behind a gate that refuses uploads without a checksum, as AWS does on a bucket with
 * Object Lock default retention (which our Terraform bucket has): the whole store contract must still
 * hold, and a client that sends no checksum must be refused, so the gate is proven to bite.
 */
class S3StoreUnderObjectLockIT extends BackupStoreContract {

    static S3ProxyServer server;
    static ObjectLockGate gate;
    static final AtomicInteger BUCKETS = new AtomicInteger();

    @BeforeAll
    static void startServerBehindGate() throws Exception {
        server = S3ProxyServer.start(SharedServices.scratchDir("s3proxy-object-lock"));
        gate = ObjectLockGate.start(server.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        gate.close();
        server.close();
    }

    @Override
    protected BackupStore newEmptyStore() {
        return new S3Store(behindGate("locked-" + BUCKETS.incrementAndGet()));
    }

    @Test
    void sendsAChecksumWithEverySmallUploadAndEveryPart() throws Exception {
        int refusedBefore = gate.refusedUploads();
        int passedBefore = gate.passedUploads();
        byte[] large = new byte[(int) (1.5 * S3Settings.MIN_PART_SIZE)];
        new Random(7).nextBytes(large);
        Path file = Files.write(scratch.resolve("large"), large);

        store.put("meta/small.json", new ByteArrayInputStream(new byte[] {'{', '}'}), 2);
        store.put("wal/000000010000000000000001", Files.write(scratch.resolve("small"), new byte[] {1, 2, 3}));
        store.put("base/20261127T010203Z/base.tar", file);
        store.put("base/20261127T010203Z/copy.tar", new ByteArrayInputStream(large), large.length);

        assertThat(gate.refusedUploads() - refusedBefore).isZero();
        // 2 single PUTs + 2 uploads of 2 parts each, all seen and passed by the gate.
        assertThat(gate.passedUploads() - passedBefore).isEqualTo(6);
        try (var in = store.get("base/20261127T010203Z/base.tar")) {
            assertThat(in.readAllBytes()).isEqualTo(large);
        }
    }

    @Test
    void refusesAClientThatSendsChecksumsOnlyWhenRequiredAsAwsDoesUnderObjectLock() throws Exception {
        String bucket = "locked-" + BUCKETS.get();
        store.put("meta/exists.json", new ByteArrayInputStream(new byte[] {'{', '}'}), 2);
        int refusedBefore = gate.refusedUploads();
        try (S3Client plain = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(gate.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build()) {
            assertThatThrownBy(() -> plain.putObject(b -> b.bucket(bucket).key("dhakacart/backups/wal/unchecked"),
                    RequestBody.fromBytes(new byte[] {1, 2, 3})))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
                    });
            String uploadId = plain.createMultipartUpload(b -> b.bucket(bucket).key("dhakacart/backups/base/unchecked")).uploadId();
            assertThatThrownBy(() -> plain.uploadPart(b -> b.bucket(bucket).key("dhakacart/backups/base/unchecked")
                    .uploadId(uploadId).partNumber(1), RequestBody.fromBytes(new byte[] {1, 2, 3})))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            plain.abortMultipartUpload(b -> b.bucket(bucket).key("dhakacart/backups/base/unchecked").uploadId(uploadId));
        }

        assertThat(gate.refusedUploads() - refusedBefore).isEqualTo(2);
        assertThat(store.exists("wal/unchecked")).isFalse();
        assertThat(store.exists("meta/exists.json")).isTrue();
    }

    private static S3Settings behindGate(String bucket) {
        return new S3Settings(bucket, "dhakacart/backups", Optional.of(gate.endpoint()), "us-east-1",
                Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of(S3ProxyServer.SECRET_KEY), true, S3Settings.MIN_PART_SIZE);
    }
}
