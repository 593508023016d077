package com.dhakacart.dr.store.s3;

import com.dhakacart.testing.LocalProcesses;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a test S3 server that enforces what AWS enforces on a bucket with
 * Object Lock: a PutObject or UploadPart without {@code Content-MD5} or an {@code x-amz-checksum-*} /
 * {@code x-amz-sdk-checksum-algorithm} header is refused with AWS's 400 InvalidRequest. S3Proxy and
 * MinIO accept such uploads, which is how a store that worked in every test failed on its first real
 * bucket.
 *
 * <p>Everything else is passed through byte for byte (the SigV4 signature covers the Host header, and
 * the client already signed for this proxy's address, so the server sees the same request the client
 * signed). Only {@code Connection} and {@code Expect} are rewritten: neither is signed, and one request
 * per upstream connection keeps the proxy free of response framing.
 */
final class ObjectLockGate implements AutoCloseable {

    private static final String REFUSAL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidRequest</Code>"
            + "<Message>Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters</Message>"
            + "</Error>";

    private final ServerSocket listener;
    private final URI upstream;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger passed = new AtomicInteger();

    private ObjectLockGate(URI upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(LocalProcesses.freePort(), 50, InetAddress.getLoopbackAddress());
        connections.submit(this::acceptLoop);
    }

    /** Starts the gate on a free loopback port in front of {@code upstream} (an http:// S3 endpoint). */
    static ObjectLockGate start(URI upstream) throws IOException {
        return new ObjectLockGate(upstream);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Object uploads refused for want of a checksum. */
    int refusedUploads() {
        return refused.get();
    }

    /** Object uploads (PutObject, UploadPart) that carried a checksum and were passed on. */
    int passedUploads() {
        return passed.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        connections.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.submit(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            boolean upload = isObjectUpload(requestLine[0], requestLine[1], headers);
            if (upload && !hasChecksum(headers)) {
                refused.incrementAndGet();
                // Read what the client already sends, else closing on unread bytes resets the connection
                // and the client sees a broken pipe instead of the answer (a client that waits for
                // 100 Continue sends nothing more).
                if (!"100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    copy(in, OutputStream.nullOutputStream(), Long.parseLong(headers.getOrDefault("content-length", "0")));
                }
                respond(out, "400 Bad Request", REFUSAL);
                return;
            }
            if (upload) {
                passed.incrementAndGet();
            }
            if (headers.containsKey("transfer-encoding")) {
                respond(out, "501 Not Implemented", "<Error><Code>NotImplemented</Code><Message>this test proxy needs Content-Length</Message></Error>");
                return;
            }
            if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
            StringBuilder forwarded = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String name = lines[i].substring(0, lines[i].indexOf(':')).trim().toLowerCase(Locale.ROOT);
                if (!name.equals("connection") && !name.equals("expect")) {
                    forwarded.append(lines[i]).append("\r\n");
                }
            }
            forwarded.append("Connection: close\r\n\r\n");
            try (Socket server = new Socket(upstream.getHost(), upstream.getPort())) {
                OutputStream up = server.getOutputStream();
                up.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                copy(in, up, length);
                up.flush();
                server.getInputStream().transferTo(out);
            }
        } catch (IOException connectionGone) {
            // The client or server hung up; the client sees the broken connection and reports it.
        }
    }

    /** PutObject and UploadPart, path-style ({@code PUT /bucket/key}); not CreateBucket, not CopyObject (no body). */
    private static boolean isObjectUpload(String method, String target, Map<String, String> headers) {
        if (!method.equals("PUT") || headers.containsKey("x-amz-copy-source")) {
            return false;
        }
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        String[] segments = path.replaceAll("^/+", "").split("/", 2);
        return segments.length == 2 && !segments[1].isEmpty();
    }

    private static boolean hasChecksum(Map<String, String> headers) {
        return headers.containsKey("content-md5") || headers.containsKey("x-amz-sdk-checksum-algorithm")
                || headers.keySet().stream().anyMatch(name -> name.startsWith("x-amz-checksum-"));
    }

    private static void respond(OutputStream out, String status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** The request line and headers up to the blank line, or null if the client closed first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long remaining = length;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new IOException("client sent " + (length - remaining) + " of " + length + " body bytes");
            }
            out.write(buffer, 0, read);
            remaining -= read;
        }
    }
}
