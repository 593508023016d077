package com.dhakacart.dr.store.s3;

import java.net.URI;
import java.util.Optional;

/**
 * Where and how to reach an S3 repository: bucket and key prefix, an endpoint for S3-compatible
 * servers (MinIO, S3Proxy, Ceph; empty means AWS itself), region, and static credentials when given
 * (empty means the AWS SDK's default chain: environment, profile, instance role).
 */
public record S3Settings(String bucket, String prefix, Optional<URI> endpoint, String region,
                         Optional<String> accessKeyId, Optional<String> secretAccessKey, boolean createBucket,
                         long partSize) {

    /**
     * Objects above this are uploaded in parts, a few at a time: S3 takes at most 5 GiB in one PUT, and
     * parts go up in parallel and can be retried alone. 16 MiB x 10,000 parts allows objects up to 156 GiB.
     */
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
    /** The smallest part S3 accepts (except for the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("an s3 repository needs a bucket: s3://bucket/prefix");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("s3 part size must be at least 5 MiB");
        }
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("give both the s3 access key id and the secret access key, or neither");
        }
    }

    /** The repository as a URI for messages (never with credentials). */
    public String describe() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + endpoint.map(e -> " at " + e).orElse("");
    }
}
