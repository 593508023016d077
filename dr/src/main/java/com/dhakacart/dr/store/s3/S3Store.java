package com.dhakacart.dr.store.s3;

import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.StoredObject;
import com.dhakacart.dr.store.RepositoryUnreachable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A backup store in an S3 bucket (AWS or any S3-compatible server), through the AWS SDK v2.
 *
 * <p>A single PUT (or a completed multipart upload) makes an object visible whole, so S3 needs no temp
 * names. Large objects go up in parts of {@link S3Settings#partSize()}, read one part at a time, so
 * memory stays bounded. Connection failures and refusals become {@link RepositoryUnreachable} with the
 * endpoint named, after a short bounded retry so a dead endpoint is reported in seconds, not minutes.
 */
final class S3Store implements BackupStore {

    private static final int PARTS_IN_FLIGHT = 4;

    private final S3Settings settings;
    private final S3Client s3;
    private volatile boolean bucketChecked;

    public S3Store(S3Settings settings) {
        this.settings = settings;
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                // Newer SDKs add CRC trailers by default (aws-chunked encoding), which several S3-compatible
                // servers reject. Every PUT and UploadPart carries an explicit Content-MD5 instead (see
                // contentMd5): AWS demands one of the two on buckets with Object Lock, every S3 server
                // understands it, and the server then refuses a body damaged on the way.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofMinutes(30)));
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        this.s3 = builder.build();
    }

    public S3Settings settings() {
        return settings;
    }

    /**
     * Creates the bucket if it does not exist (for self-hosted S3 servers on first start); AWS buckets are
     * usually made by an operator. One caller at a time, and a bucket another writer just made counts as
     * made: two first writes at once (a WAL snapshot and a base backup) must not fail each other.
     */
    public synchronized void createBucketIfMissing() throws IOException {
        if (bucketChecked) {
            return;
        }
        call("create bucket " + settings.bucket(), () -> {
            try {
                s3.headBucket(b -> b.bucket(settings.bucket()));
            } catch (NoSuchBucketException e) {
                createBucket();
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                createBucket();
            }
            return null;
        });
        bucketChecked = true;
    }

    @Override
    public void put(String key, Path source) throws IOException {
        ensureBucket();
        long size = Files.size(source);
        if (size <= settings.partSize()) {
            String objectKey = objectKey(key);
            String md5 = contentMd5(source);
            call("upload " + key, () -> s3.putObject(b -> b.bucket(settings.bucket()).key(objectKey).contentLength(size)
                            .contentMD5(md5),
                    RequestBody.fromFile(source)));
            return;
        }
        try (InputStream in = Files.newInputStream(source)) {
            putInParts(key, in, size);
        }
    }

    @Override
    public void put(String key, InputStream in, long length) throws IOException {
        ensureBucket();
        if (length > settings.partSize()) {
            putInParts(key, in, length);
            return;
        }
        String objectKey = objectKey(key);
        byte[] bytes = readExactly(in, (int) length, key);
        call("upload " + key, () -> s3.putObject(b -> b.bucket(settings.bucket()).key(objectKey).contentLength((long) bytes.length)
                        .contentMD5(contentMd5(bytes)),
                RequestBody.fromBytes(bytes)));
    }

    @Override
    public InputStream get(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            ResponseInputStream<GetObjectResponse> in = call("download " + key,
                    () -> s3.getObject(b -> b.bucket(settings.bucket()).key(objectKey)));
            return in;
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "not in " + describe());
        } catch (BucketMissing e) {
            if (settings.createBucket()) {
                throw new NoSuchFileException(key, null, "not in " + describe() + " (nothing stored yet)");
            }
            throw e;
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        String base = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(base + prefix).build();
        List<StoredObject> objects;
        try {
            objects = call("list " + prefix, () -> {
                List<StoredObject> found = new ArrayList<>();
                for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                    // Folder markers (keys ending in '/', made by consoles and some servers) are not objects of ours.
                    if (!object.key().endsWith("/")) {
                        found.add(new StoredObject(object.key().substring(base.length()), object.size(), object.lastModified()));
                    }
                }
                return found;
            });
        } catch (BucketMissing e) {
            if (settings.createBucket()) {
                return List.of();
            }
            throw e;
        }
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public boolean exists(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            call("check " + key, () -> s3.headObject(b -> b.bucket(settings.bucket()).key(objectKey)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (BucketMissing e) {
            if (settings.createBucket()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(settings.bucket()).key(objectKey)));
    }

    @Override
    public String describe() {
        return "s3://" + settings.bucket() + (settings.prefix().isEmpty() ? "" : "/" + settings.prefix());
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return settings.describe();
    }

    private void createBucket() {
        try {
            s3.createBucket(b -> b.bucket(settings.bucket()));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException madeMeanwhile) {
            // another writer (or process) created it between our check and our request
        } catch (S3Exception e) {
            if (!"BucketAlreadyOwnedByYou".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
    }

    private void ensureBucket() throws IOException {
        if (settings.createBucket() && !bucketChecked) {
            createBucketIfMissing();
        }
    }

    private void putInParts(String key, InputStream in, long length) throws IOException {
        String objectKey = objectKey(key);
        String uploadId = call("start upload of " + key, () -> s3.createMultipartUpload(
                b -> b.bucket(settings.bucket()).key(objectKey)).uploadId());
        // A few parts in flight at once: one HTTP stream at a time leaves most of the bandwidth unused.
        Semaphore inFlight = new Semaphore(PARTS_IN_FLIGHT);
        List<Future<CompletedPart>> parts = new ArrayList<>();
        try (ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                long remaining = length;
                for (int partNumber = 1; remaining > 0; partNumber++) {
                    inFlight.acquire();
                    int size = (int) Math.min(remaining, settings.partSize());
                    byte[] bytes;
                    try {
                        bytes = readExactly(in, size, key);
                    } catch (IOException e) {
                        inFlight.release();
                        throw e;
                    }
                    int number = partNumber;
                    parts.add(uploads.submit(() -> {
                        try {
                            String etag = call("upload part " + number + " of " + key, () -> s3.uploadPart(
                                    b -> b.bucket(settings.bucket()).key(objectKey).uploadId(uploadId).partNumber(number)
                                            .contentLength((long) bytes.length).contentMD5(contentMd5(bytes)),
                                    RequestBody.fromBytes(bytes)).eTag());
                            return CompletedPart.builder().partNumber(number).eTag(etag).build();
                        } finally {
                            inFlight.release();
                        }
                    }));
                    remaining -= size;
                    if (parts.stream().anyMatch(S3Store::failed)) {
                        break;
                    }
                }
                List<CompletedPart> completed = new ArrayList<>();
                for (Future<CompletedPart> part : parts) {
                    completed.add(part.get());
                }
                if (in.read() >= 0) {
                    throw new IOException("the source for " + key + " holds more than the " + length + " bytes announced");
                }
                call("finish upload of " + key, () -> s3.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(objectKey)
                        .uploadId(uploadId).multipartUpload(m -> m.parts(completed))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw abort(objectKey, uploadId, new java.io.InterruptedIOException("upload of " + key + " was interrupted"));
            } catch (ExecutionException e) {
                throw abort(objectKey, uploadId, e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
            } catch (IOException e) {
                throw abort(objectKey, uploadId, e);
            } catch (RuntimeException e) {
                throw abort(objectKey, uploadId, e);
            }
        }
    }

    private static boolean failed(Future<?> future) {
        return future.state() == Future.State.FAILED;
    }

    /** An unfinished multipart upload is invisible but billed: abort it, then rethrow. */
    private <E extends Exception> E abort(String objectKey, String uploadId, E failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(objectKey).uploadId(uploadId));
        } catch (SdkException abortFailed) {
            failure.addSuppressed(abortFailed);
        }
        return failure;
    }

    /** Base64 MD5 of the body, as the Content-MD5 header wants it (RFC 1864). */
    private static String contentMd5(byte[] bytes) {
        return Base64.getEncoder().encodeToString(md5().digest(bytes));
    }

    private static String contentMd5(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5, which every Java platform must provide", e);
        }
    }

    private static byte[] readExactly(InputStream in, int length, String key) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("expected " + length + " bytes for " + key + " but the source gave " + bytes.length);
        }
        return bytes;
    }

    private String objectKey(String key) {
        BackupStore.checkKey(key);
        return settings.prefix().isEmpty() ? key : settings.prefix() + "/" + key;
    }

    /** The bucket is not there: a misconfiguration, or (with createBucket) a repository nothing was stored in yet. */
    private static final class BucketMissing extends RepositoryUnreachable {
        BucketMissing(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private interface S3Call<T> {
        T run();
    }

    /** Runs one S3 call, turning transport failures and refusals into one clear RepositoryUnreachable. */
    private <T> T call(String what, S3Call<T> action) throws RepositoryUnreachable {
        try {
            return action.run();
        } catch (NoSuchKeyException e) {
            throw e;
        } catch (NoSuchBucketException e) {
            throw new BucketMissing(prefix(what) + "bucket '" + settings.bucket() + "' does not exist", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                if (e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode())) {
                    throw new BucketMissing(prefix(what) + "bucket '" + settings.bucket() + "' does not exist", e);
                }
                throw NoSuchKeyException.builder().message(e.getMessage()).statusCode(404).build();
            }
            String reason = e.statusCode() == 403 ? "access denied (check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)"
                    : "the server answered " + e.statusCode() + (e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode());
            throw new RepositoryUnreachable(prefix(what) + reason, e);
        } catch (SdkClientException e) {
            throw new RepositoryUnreachable(prefix(what) + "unreachable (" + rootMessage(e) + ")", e);
        } catch (SdkException e) {
            throw new RepositoryUnreachable(prefix(what) + e.getMessage(), e);
        }
    }

    private String prefix(String what) {
        return "s3 repository " + settings.describe() + ": cannot " + what + ": ";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKeyId().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                    settings.secretAccessKey().orElseThrow()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
