package com.dhakacart.api.catalog.picture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Pictures from a local directory (when configured), else those uploaded through the back office (in the
 * database, {@link UploadedPictures}), else those shipped in the jar under {@code pictures/products/}. Jar pictures are read once and kept: 15 small JPEGs.
 */
@Component
class LocalPictureStore implements PictureStore {

    /** Plain file names only: no paths, so nothing outside the store can be named. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,120}\\.(jpg|webp|png)");
    private static final String CLASSPATH = "pictures/products/";

    private final Path directory;
    private final UploadedPictures uploaded;
    private final Map<String, Optional<Picture>> shipped = new ConcurrentHashMap<>();

    LocalPictureStore(PictureSettings settings, UploadedPictures uploaded) {
        this.directory = settings.directory();
        this.uploaded = uploaded;
    }

    @Override
    public Optional<Picture> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        if (directory != null) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(picture(name, Files.readAllBytes(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read picture " + file, e);
                }
            }
        }
        if (name.startsWith(UploadedPictures.PREFIX)) {
            return uploaded.find(name).map(bytes -> picture(name, bytes));
        }
        return shipped.computeIfAbsent(name, LocalPictureStore::fromJar);
    }

    private static Optional<Picture> fromJar(String name) {
        try (InputStream in = LocalPictureStore.class.getClassLoader().getResourceAsStream(CLASSPATH + name)) {
            return in == null ? Optional.empty() : Optional.of(picture(name, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shipped picture " + name, e);
        }
    }

    private static Picture picture(String name, byte[] bytes) {
        String type = name.endsWith(".webp") ? "image/webp" : name.endsWith(".png") ? "image/png" : "image/jpeg";
        return new Picture(name, bytes, type, "\"" + sha256(bytes).substring(0, 32) + "\"");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
