package com.dhakacart.dr.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A delta restore into an existing data directory (pgBackRest's {@code --delta}, by 64 KiB block): after a
 * small change to a large cluster, only what differs is written. While the backup's tar streams in (and the
 * vault checks it), each file is compared with the target's copy without touching it: blocks that differ
 * are appended to a patch file in {@code staging}, files the target lacks are written whole into
 * {@code staging}. Only once the stream ended and passed every check does {@link #apply()} write the
 * differing blocks in place, move the new files in, and delete whatever the backup does not hold (old WAL
 * segments, files of dropped tables). {@code staging} must be on the target's file system. The writes are
 * made durable by PostgreSQL's start-up sync, as a restore always starts the server next.
 */
public final class DeltaUnpacker extends TarStream {

    private static final int COMPARE = 64 << 10;

    /** What a delta restore changed. */
    public record Result(int unchanged, int patched, int added, int deleted, long bytesInBackup, long bytesWritten) {
        @Override
        public String toString() {
            return String.format("%d files unchanged, %d rewritten in part, %d added, %d deleted: wrote %.1f MiB of %.1f MiB",
                    unchanged, patched, added, deleted, bytesWritten / 1048576.0, bytesInBackup / 1048576.0);
        }
    }

    private final Path target;
    private final Path staging;
    private final Path realTarget;
    private final FileChannel patch;
    private final Map<String, Long> files = new HashMap<>();
    private final Map<String, Set<PosixFilePermission>> modes = new HashMap<>();
    private final Set<String> directories = new HashSet<>();
    private final Map<String, String> links = new LinkedHashMap<>();
    private final List<String> added = new ArrayList<>();
    /** Per file held by both: the blocks that differ, as {offset in the file, offset in the patch file, length}. */
    private final Map<String, List<long[]>> patches = new LinkedHashMap<>();
    private final byte[] block = new byte[COMPARE];
    private final ByteBuffer theirs = ByteBuffer.allocate(COMPARE);
    private String name;
    private FileChannel existing;
    private FileChannel out;
    private long position;
    private int blockFill;
    private int unchanged;
    private long total;
    private long written;

    public DeltaUnpacker(Path target, Path staging) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        this.staging = staging.toAbsolutePath().normalize();
        this.realTarget = this.target.toRealPath();
        Files.createDirectories(this.staging.resolve("files"));
        this.patch = FileChannel.open(this.staging.resolve("blocks"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    void member(TarHeader header) throws IOException {
        name = relative(header.name());
        for (Path parent = Path.of(name).getParent(); parent != null; parent = parent.getParent()) {
            directories.add(parent.toString()); // kept even if the tar had no entry of its own for it
        }
        switch (header.type()) {
            case '0', '\0' -> {
                files.put(name, header.size());
                modes.put(name, TarUnpacker.mode(header.mode()));
                Path mine = target.resolve(name);
                position = 0;
                blockFill = 0;
                // Compared only when it lies in the target itself: through a symbolic link (a pg_wal on
                // another disk) it is elsewhere, and the backup's directory replaces the link.
                if (Files.isRegularFile(mine, LinkOption.NOFOLLOW_LINKS) && mine.toRealPath().startsWith(realTarget)) {
                    existing = FileChannel.open(mine, StandardOpenOption.READ);
                } else {
                    Path whole = staging.resolve("files").resolve(name);
                    Files.createDirectories(whole.getParent());
                    out = FileChannel.open(whole, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    added.add(name);
                }
            }
            case '5' -> {
                directories.add(name);
                modes.put(name, TarUnpacker.mode(header.mode()));
            }
            case '2' -> links.put(name, header.linkName());
            default -> throw new IOException("the backup's tar holds " + name + " of a kind pg_basebackup does not write"
                    + " (type '" + header.type() + "'); not restored");
        }
    }

    @Override
    void data(byte[] b, int off, int len) throws IOException {
        if (out != null) {
            ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            written += len;
            total += len;
            return;
        }
        while (len > 0) {
            int n = Math.min(len, COMPARE - blockFill);
            System.arraycopy(b, off, block, blockFill, n);
            blockFill += n;
            off += n;
            len -= n;
            if (blockFill == COMPARE) {
                compareBlock();
            }
        }
    }

    @Override
    void memberEnd() throws IOException {
        if (out != null) {
            out.close();
            out = null;
            return;
        }
        if (blockFill > 0) {
            compareBlock();
        }
        boolean sameSize = existing.size() == position;
        existing.close();
        existing = null;
        if (sameSize && !patches.containsKey(name)) {
            unchanged++;
        } else {
            patches.computeIfAbsent(name, n -> new ArrayList<>()); // a size to set, even with no block to write
        }
    }

    private void compareBlock() throws IOException {
        theirs.clear().limit(blockFill);
        while (theirs.hasRemaining() && existing.read(theirs, position + theirs.position()) > 0) {
            // positional reads until the block is full or the target's file ends
        }
        if (theirs.position() != blockFill || !Arrays.equals(block, 0, blockFill, theirs.array(), 0, blockFill)) {
            long at = patch.size();
            ByteBuffer bytes = ByteBuffer.wrap(block, 0, blockFill);
            while (bytes.hasRemaining()) {
                patch.write(bytes, at + bytes.position());
            }
            patches.computeIfAbsent(name, n -> new ArrayList<>()).add(new long[] {position, at, blockFill});
            written += blockFill;
        }
        total += blockFill;
        position += blockFill;
        blockFill = 0;
    }

    /** Checks the stream ended where a tar archive ends; nothing has touched the target yet. */
    public void finish() throws IOException {
        checkEnded();
    }

    /**
     * Makes the target hold exactly what the backup holds. Call only once the stream was checked whole: this is
     * the first write to the target. Interrupted, it leaves a mix; running the delta restore again completes it.
     */
    public Result apply() throws IOException {
        for (String dir : directories.stream().sorted().toList()) {
            Path path = target.resolve(dir);
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(path);
            }
            Files.createDirectories(path);
        }
        int deleted = deleteWhatTheBackupDoesNotHold();
        ByteBuffer bytes = ByteBuffer.allocate(COMPARE);
        for (Map.Entry<String, List<long[]>> file : patches.entrySet()) {
            try (FileChannel channel = FileChannel.open(target.resolve(file.getKey()), StandardOpenOption.WRITE)) {
                for (long[] change : file.getValue()) {
                    bytes.clear().limit((int) change[2]);
                    while (bytes.hasRemaining() && patch.read(bytes, change[1] + bytes.position()) > 0) {
                        // the block as the backup holds it
                    }
                    bytes.flip();
                    while (bytes.hasRemaining()) {
                        channel.write(bytes, change[0] + bytes.position());
                    }
                }
                channel.truncate(files.get(file.getKey()));
            }
        }
        for (String file : added) {
            Files.move(staging.resolve("files").resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Map.Entry<String, String> link : links.entrySet()) {
            Path path = target.resolve(link.getKey());
            if (Files.isSymbolicLink(path) && Files.readSymbolicLink(path).toString().equals(link.getValue())) {
                continue;
            }
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, Path.of(link.getValue()));
        }
        for (Map.Entry<String, Set<PosixFilePermission>> mode : modes.entrySet()) {
            Files.setPosixFilePermissions(target.resolve(mode.getKey()), mode.getValue());
        }
        patch.close();
        return new Result(unchanged, patches.size(), added.size(), deleted, total, written);
    }

    /** Deletes files, links and directories the backup does not hold, deepest first; returns how many. */
    private int deleteWhatTheBackupDoesNotHold() throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(target)) {
            all = walk.filter(path -> !path.equals(target)).sorted(Comparator.reverseOrder()).toList();
        }
        int deleted = 0;
        for (Path path : all) {
            String rel = target.relativize(path).toString();
            boolean keep = Files.isSymbolicLink(path) ? links.containsKey(rel)
                    : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? directories.contains(rel)
                    : files.containsKey(rel);
            if (!keep) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    BaseBackups.deleteTree(path);
                } else {
                    Files.delete(path);
                }
                deleted++;
            }
        }
        return deleted;
    }

    /** The member's name relative to the target ("./base/1" -> "base/1"); one that leaves it is refused. */
    private String relative(String member) throws IOException {
        Path path = target.resolve(member).normalize();
        if (member.startsWith("/") || !path.startsWith(target)) {
            throw new IOException("the backup's tar names " + member + ", outside the directory it restores into; not restored");
        }
        return target.relativize(path).toString();
    }

    /** Closes what is open; the caller deletes {@code staging}. */
    @Override
    public void close() throws IOException {
        for (FileChannel channel : new FileChannel[] {existing, out, patch}) {
            if (channel != null && channel.isOpen()) {
                channel.close();
            }
        }
    }
}
