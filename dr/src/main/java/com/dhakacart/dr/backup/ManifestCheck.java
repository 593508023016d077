package com.dhakacart.dr.backup;

import com.dhakacart.dr.catalogue.Catalogue;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * What pg_verifybackup checks in a backup's files, done on pg_basebackup's tar stream as it passes on its
 * way into the vault: every file's size and CRC32C against the backup manifest (the tar's last member),
 * no file missing and none extra, and the manifest's own SHA-256. PostgreSQL 15's pg_verifybackup reads
 * only an unpacked directory, which cost a second full copy of the database on disk and most of a backup's
 * time; this needs neither. The WAL segments in the stream are also written to {@code walDir}, so that
 * their records can be parsed with pg_waldump as pg_verifybackup would (they are the only plaintext kept).
 *
 * <p>Write the stream into it, then call {@link #finish()}.
 */
final class ManifestCheck extends TarStream {

    static final String MANIFEST = "backup_manifest";
    /** WAL files pg_basebackup puts in pg_wal/ besides what the manifest lists (segments, history). */
    private static final Pattern WAL_FILE = Pattern.compile("[0-9A-F]{24}(\\.partial)?|[0-9A-F]{8}\\.history");

    private static final String WAL_PREFIX = "pg_wal/";
    private final Path walDir;
    private final Map<String, Member> seen = new HashMap<>();
    private Member current;
    private ByteArrayOutputStream manifest;
    private boolean capturing;
    private OutputStream walOut;
    private long bytes;

    /** A file of the tar: its size and checksum so far. */
    private static final class Member {
        final String name;
        final long size;
        final CRC32C crc = new CRC32C();

        Member(String name, long size) {
            this.name = name;
            this.size = size;
        }
    }

    /** @param walDir where the WAL files of the stream go, for pg_waldump */
    ManifestCheck(Path walDir) {
        this.walDir = walDir;
    }

    /** Bytes of the tar stream seen so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        bytes += len;
        super.write(b, off, len);
    }

    @Override
    IOException malformed(IOException e) {
        return new BackupCheckFailed("pg_basebackup's stream is " + e.getMessage());
    }

    @Override
    void member(TarHeader member) throws IOException {
        if (member.type() != '0' && member.type() != '\0') {
            return; // directories and the symbolic links of tablespaces: no data, nothing to sum
        }
        String name = member.name();
        if (seen.containsKey(name)) {
            throw new BackupCheckFailed("pg_basebackup's stream holds " + name + " twice");
        }
        current = new Member(name, member.size());
        seen.put(name, current);
        if (name.equals(MANIFEST)) {
            manifest = new ByteArrayOutputStream((int) Math.min(member.size(), 64 << 20));
            capturing = true;
        } else if (isWal(name)) {
            Files.createDirectories(walDir);
            walOut = new java.io.BufferedOutputStream(Files.newOutputStream(walDir.resolve(name.substring(WAL_PREFIX.length()))), 1 << 16);
        }
    }

    @Override
    void data(byte[] b, int off, int len) throws IOException {
        current.crc.update(b, off, len);
        if (capturing) {
            manifest.write(b, off, len);
        } else if (walOut != null) {
            walOut.write(b, off, len);
        }
    }

    @Override
    void memberEnd() throws IOException {
        capturing = false;
        if (walOut != null) {
            walOut.close();
            walOut = null;
        }
    }

    private boolean isWal(String name) {
        return name.startsWith(WAL_PREFIX) && WAL_FILE.matcher(name.substring(WAL_PREFIX.length())).matches();
    }

    /**
     * Checks the whole stream against the manifest it carried and returns the manifest's bytes.
     *
     * @throws BackupCheckFailed naming the first file that is missing, extra, cut short or changed
     */
    byte[] finish() throws IOException {
        return finish(null);
    }

    /**
     * As {@link #finish()}, for a stream that does not carry its manifest: pg_basebackup writes it to a file of
     * its own beside a tar the server compressed. {@code separate} is that file's bytes (null: in the stream).
     */
    byte[] finish(byte[] separate) throws IOException {
        if (separate != null) {
            if (manifest != null) {
                throw new BackupCheckFailed("pg_basebackup's stream carries a backup_manifest besides the one beside it");
            }
            manifest = new ByteArrayOutputStream(separate.length);
            manifest.write(separate);
        }
        if (walOut != null) {
            walOut.close();
        }
        if (!complete()) {
            throw new BackupCheckFailed("pg_basebackup's stream ended in the middle of " + current() + " (" + bytes + " bytes read)");
        }
        if (manifest == null) {
            throw new BackupCheckFailed("pg_basebackup's stream carries no backup_manifest");
        }
        byte[] bytesOfManifest = manifest.toByteArray();
        checkManifestChecksum(bytesOfManifest);
        JsonNode files = Catalogue.JSON.readTree(bytesOfManifest).path("Files");
        TreeSet<String> listed = new TreeSet<>();
        for (JsonNode file : files) {
            String path = file.has("Path") ? file.path("Path").asText()
                    : new String(HexFormat.of().parseHex(file.path("Encoded-Path").asText()), StandardCharsets.UTF_8);
            listed.add(path);
            Member member = seen.get(path);
            if (member == null) {
                throw new BackupCheckFailed(path + " is in the backup manifest but not in the backup");
            }
            long size = file.path("Size").asLong();
            if (member.size != size) {
                throw new BackupCheckFailed(path + " has " + member.size + " bytes; the backup manifest says " + size);
            }
            String algorithm = file.path("Checksum-Algorithm").asText("NONE");
            if (algorithm.equals("CRC32C")) {
                if (!crcHex(member.crc).equals(file.path("Checksum").asText())) {
                    throw new BackupCheckFailed(path + " does not match its checksum in the backup manifest (CRC32C "
                            + crcHex(member.crc) + ", manifest " + file.path("Checksum").asText() + ")");
                }
            } else if (!algorithm.equals("NONE")) {
                throw new BackupCheckFailed(path + ": checksum algorithm " + algorithm + " is not the CRC32C pg_basebackup uses by default");
            }
        }
        for (String name : seen.keySet()) {
            if (!listed.contains(name) && !name.equals(MANIFEST) && !isWal(name)) {
                throw new BackupCheckFailed(name + " is in the backup but not in its manifest");
            }
        }
        return bytesOfManifest;
    }

    /** Files checked against the manifest. */
    int files() {
        return seen.size();
    }

    /** The manifest's last line holds the SHA-256 of everything before it. */
    private static void checkManifestChecksum(byte[] manifest) throws BackupCheckFailed {
        String text = new String(manifest, StandardCharsets.UTF_8);
        int at = text.lastIndexOf("\"Manifest-Checksum\"");
        if (at < 0) {
            throw new BackupCheckFailed("the backup manifest has no Manifest-Checksum");
        }
        java.util.regex.Matcher expected = Pattern.compile("\"Manifest-Checksum\"\\s*:\\s*\"([0-9a-f]{64})\"").matcher(text);
        if (!expected.find(at)) {
            throw new BackupCheckFailed("the backup manifest's Manifest-Checksum is not a SHA-256");
        }
        byte[] covered = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(covered));
            if (!actual.equals(expected.group(1))) {
                throw new BackupCheckFailed("the backup manifest does not match its own checksum");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL writes a CRC32C as its four bytes in memory order: little-endian here. */
    private static String crcHex(CRC32C crc) {
        int value = (int) crc.getValue();
        return HexFormat.of().formatHex(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }
}
