package com.dhakacart.dr.store.s3;

import com.dhakacart.dr.store.BackupStore;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an {@code s3://bucket/prefix?endpoint=...&region=...&create=true} repository URI into S3 settings.
 * Credentials: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} from the environment; else
 * {@code access:secret@} user info in the URI (handy for a local test server, but it shows in process
 * lists, so not for real secrets); else the AWS SDK's default chain. Region: the URI, else
 * {@code AWS_REGION}, else us-east-1.
 */
public final class S3Repositories {

    private static final Set<String> PARAMETERS = Set.of("endpoint", "region", "create", "partSizeMiB");

    private S3Repositories() {
    }

    public static BackupStore open(URI repository, Map<String, String> env) {
        return new S3Store(settings(repository, env));
    }

    public static S3Settings settings(URI repository, Map<String, String> env) {
        String authority = repository.getRawAuthority();
        if (authority == null || authority.isBlank()) {
            throw new IllegalArgumentException("s3 repository '" + redacted(repository) + "' needs a bucket: s3://bucket/prefix");
        }
        Optional<String> access = Optional.empty();
        Optional<String> secret = Optional.empty();
        int at = authority.lastIndexOf('@');
        String bucket = at < 0 ? authority : authority.substring(at + 1);
        if (at >= 0) {
            String[] userInfo = authority.substring(0, at).split(":", 2);
            if (userInfo.length != 2) {
                throw new IllegalArgumentException("s3 repository credentials in the URI must be access:secret@bucket");
            }
            access = Optional.of(decode(userInfo[0]));
            secret = Optional.of(decode(userInfo[1]));
        }
        String envAccess = env.get("AWS_ACCESS_KEY_ID");
        String envSecret = env.get("AWS_SECRET_ACCESS_KEY");
        if (envAccess != null && !envAccess.isBlank() && envSecret != null && !envSecret.isBlank()) {
            access = Optional.of(envAccess);
            secret = Optional.of(envSecret);
        }
        Map<String, String> query = query(repository);
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown s3 repository option '" + name + "'; known: " + PARAMETERS);
            }
        }
        Optional<URI> endpoint = Optional.ofNullable(query.get("endpoint")).map(URI::create);
        endpoint.ifPresent(e -> {
            if (!"http".equals(e.getScheme()) && !"https".equals(e.getScheme())) {
                throw new IllegalArgumentException("s3 endpoint '" + e + "' must be an http:// or https:// URL");
            }
        });
        String region = query.getOrDefault("region", env.getOrDefault("AWS_REGION", "us-east-1"));
        boolean create = Boolean.parseBoolean(query.getOrDefault("create", "false"));
        long partSize = query.containsKey("partSizeMiB") ? Long.parseLong(query.get("partSizeMiB")) * 1024 * 1024
                : S3Settings.DEFAULT_PART_SIZE;
        String path = repository.getPath() == null ? "" : repository.getPath();
        return new S3Settings(bucket, path, endpoint, region, access, secret, create, partSize);
    }

    private static Map<String, String> query(URI repository) {
        Map<String, String> values = new HashMap<>();
        String raw = repository.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            values.put(name, eq < 0 ? "true" : decode(pair.substring(eq + 1)));
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String redacted(URI repository) {
        return repository.toString().replaceFirst("//[^@/]*@", "//***@");
    }
}
