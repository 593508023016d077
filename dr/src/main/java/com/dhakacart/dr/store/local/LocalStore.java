package com.dhakacart.dr.store.local;

import com.dhakacart.dr.store.BackupStore;
import com.dhakacart.dr.store.StoredObject;
import com.dhakacart.dr.store.RepositoryUnreachable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;

/**
 * A backup store in a local directory (or a mounted disk): each key is a file under the root.
 *
 * <p>Writes go to a temp file in the target's folder, are fsynced, then atomically renamed into place
 * and the folder fsynced, so after a power cut a key holds either the old object, the new one whole, or
 * nothing: never a torn file that looks complete.
 */
public final class LocalStore implements BackupStore {

    private static final String TEMP_PREFIX = STAGING_PREFIX;

    private final Path root;

    public LocalStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            put(key, in, Files.size(source));
        }
    }

    @Override
    public void put(String key, InputStream in, long length) throws IOException {
        Path target = resolve(key);
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw unreachable("cannot create " + dir, e);
        }
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            long copied;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                copied = in.transferTo(out);
                out.flush();
                channel.force(true);
            }
            if (copied != length) {
                throw new IOException("expected " + length + " bytes for " + key + " but the source gave " + copied);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(dir);
        } catch (AccessDeniedException e) {
            throw unreachable("cannot write " + target + " (permission denied)", e);
        } catch (FileSystemException e) {
            throw unreachable("cannot write " + target + ": " + e.getReason(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The repository root itself: staged files carry {@link #STAGING_PREFIX}, which listings skip. */
    @Override
    public java.util.Optional<Path> stagingDir() throws IOException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw unreachable("cannot create " + root, e);
        }
        return java.util.Optional.of(root);
    }

    /** Renames the staged file into place when it lies on this disk (no second copy of the bytes). */
    @Override
    public void putStaged(String key, Path staged) throws IOException {
        Path target = resolve(key);
        if (!staged.toAbsolutePath().normalize().startsWith(root)
                || !staged.getFileName().toString().startsWith(TEMP_PREFIX)) {
            BackupStore.super.putStaged(key, staged);
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(target.getParent());
        } catch (FileSystemException e) {
            throw unreachable("cannot write " + target + ": " + e.getReason(), e);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        Path file = resolve(key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            // A repository nothing was stored in yet has no directory: that is empty, not unreachable.
            throw new NoSuchFileException(key, null, "not in " + describe());
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        // Walk only the deepest folder the prefix names: listing wal/ must not touch base/.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!start.normalize().startsWith(root) || !Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> objects = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String key = keyOf(file);
                    if (attributes.isRegularFile() && !file.getFileName().toString().startsWith(TEMP_PREFIX) && key.startsWith(prefix)) {
                        objects.add(new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    // Deleted while we walked (retention running beside a listing): simply not there.
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw unreachable("cannot list " + start, e);
        }
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        Files.deleteIfExists(file);
        // Tidy empty folders left behind, up to (not including) the root.
        for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                break;
            }
        }
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return describe();
    }

    private Path resolve(String key) {
        Path file = root.resolve(BackupStore.checkKey(key)).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("invalid backup key '" + key + "'");
        }
        return file;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename itself durable; not possible on every platform, hence best effort.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse to open a directory for reading; the data itself was forced.
        }
    }

    private RepositoryUnreachable unreachable(String what, Throwable cause) {
        return new RepositoryUnreachable("local repository " + describe() + ": " + what, cause);
    }
}
