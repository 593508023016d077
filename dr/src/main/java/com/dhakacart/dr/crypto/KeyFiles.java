package com.dhakacart.dr.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Creates and rotates key files: readable by their owner only (0600), written whole or not at all.
 * A key file must live outside every backup repository; losing it makes the backups unreadable.
 */
public final class KeyFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** Writes a new key file with one fresh random key; refuses to overwrite an existing file. */
    public static Keyring generate(Path path) throws IOException {
        if (Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString(), null, "a key file is already there; use rotate to add a key");
        }
        write(path, List.of(newKeyLine()));
        return Keyring.fromFile(path);
    }

    /** Puts a fresh key at the top of an existing key file (it becomes current); the old keys stay for opening older backups. */
    public static Keyring rotate(Path path) throws IOException {
        Keyring.fromFile(path);
        List<String> lines = new ArrayList<>();
        lines.add(newKeyLine());
        lines.addAll(Files.readAllLines(path, StandardCharsets.UTF_8));
        write(path, lines);
        return Keyring.fromFile(path);
    }

    /** True when nobody but the owner can read the file (always true where POSIX permissions do not exist). */
    public static boolean isPrivate(Path path) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.stream().allMatch(p -> p == PosixFilePermission.OWNER_READ || p == PosixFilePermission.OWNER_WRITE
                    || p == PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return true;
        }
    }

    private static String newKeyLine() {
        byte[] material = new byte[SealingKey.KEY_BYTES];
        RANDOM.nextBytes(material);
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        String id = "k" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + HexFormat.of().formatHex(suffix);
        return id + ":" + Base64.getEncoder().encodeToString(material);
    }

    private static void write(Path path, List<String> lines) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + path.getFileName() + ".new");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
