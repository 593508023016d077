package com.dhakacart.dr.store.s3;

import com.dhakacart.testing.LocalProcesses;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * A real S3 server for tests: S3Proxy in this JVM on a free loopback port, storing objects as plain
 * files under a directory (jclouds' filesystem backend), so a test can also look at the raw bytes.
 * It speaks the S3 HTTP protocol with SigV4 authentication, exactly as AWS or MinIO would to our client.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "dhakacart-test";
    public static final String SECRET_KEY = "dhakacart-test-secret";

    private final Path dataDir;
    private final int port;
    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private S3ProxyServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        this.context = ContextBuilder.newBuilder("filesystem")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(properties)
                .build(BlobStoreContext.class);
        this.proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
    }

    /** Starts a server storing under {@code dataDir} on a free port (or the one given). */
    public static S3ProxyServer start(Path dataDir) {
        return start(dataDir, LocalProcesses.freePort());
    }

    public static S3ProxyServer start(Path dataDir, int port) {
        S3ProxyServer server = new S3ProxyServer(dataDir, port);
        try {
            server.proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start on port " + port, e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"STARTED".equals(server.proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("S3Proxy did not start on port " + port + ": " + server.proxy.getState());
            }
            LocalProcesses.sleep(Duration.ofMillis(20));
        }
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Where the objects lie on disk: {@code <dataDir>/<bucket>/<key>}. */
    public Path dataDir() {
        return dataDir;
    }

    /** Settings for a store in {@code bucket} under {@code prefix} on this server, creating the bucket on first write. */
    public S3Settings settings(String bucket, String prefix, long partSize) {
        return new S3Settings(bucket, prefix, Optional.of(endpoint()), "us-east-1", Optional.of(ACCESS_KEY),
                Optional.of(SECRET_KEY), true, partSize);
    }

    /** An {@code s3://} repository URI for this server, as users would write it. */
    public URI repository(String bucket, String prefix) {
        return URI.create("s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&region=us-east-1&create=true");
    }

    /** Stops serving: clients now see a dead endpoint, as with a real outage. */
    public void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }

    @Override
    public void close() {
        if (!"STOPPED".equals(proxy.getState())) {
            stop();
        }
        context.close();
    }
}
