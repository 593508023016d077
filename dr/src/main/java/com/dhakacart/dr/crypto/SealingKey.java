package com.dhakacart.dr.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One 256-bit backup key with its id. The fingerprint (8 bytes of an HMAC of a fixed label under the
 * key) goes into every sealed file's header so that opening a file with a different key under the
 * same id is reported as a wrong key, not as corruption; it reveals nothing about the key.
 */
public final class SealingKey {

    static final int KEY_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String id;
    private final byte[] material;
    private final byte[] fingerprint;

    SealingKey(String id, byte[] material) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (material.length != KEY_BYTES) {
            throw new IllegalArgumentException("key '" + id + "' is " + material.length + " bytes; AES-256 needs 32");
        }
        this.id = id;
        this.material = material.clone();
        this.fingerprint = Arrays.copyOf(hmac(material, "dhakacart-dr key fingerprint v1".getBytes(StandardCharsets.US_ASCII)), 8);
    }

    public String id() {
        return id;
    }

    /** Hex of the fingerprint, safe to print: it identifies the key without revealing it. */
    public String fingerprintHex() {
        return HexFormat.of().formatHex(fingerprint);
    }

    byte[] fingerprint() {
        return fingerprint.clone();
    }

    boolean hasFingerprint(byte[] candidate) {
        return java.security.MessageDigest.isEqual(fingerprint, candidate);
    }

    /** HKDF-SHA256 (RFC 5869) of this key with the file's random nonce as salt: every file gets its own AES key. */
    SecretKeySpec fileKey(byte[] fileNonce) {
        byte[] prk = hmac(fileNonce, material);
        byte[] info = "dhakacart-dr seal v1".getBytes(StandardCharsets.US_ASCII);
        byte[] block = Arrays.copyOf(info, info.length + 1);
        block[info.length] = 1;
        return new SecretKeySpec(hmac(prk, block), "AES");
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    byte[] material() {
        return material.clone();
    }

    @Override
    public String toString() {
        return "key " + id + " (fingerprint " + fingerprintHex() + ")";
    }
}
