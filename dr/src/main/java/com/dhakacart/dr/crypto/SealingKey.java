package com.dhakacart.dr.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<Integer, StreamingAead> aeads = new ConcurrentHashMap<>();

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

    /**
     * Tink's AES-GCM-HKDF streaming AEAD under this key: every file gets its own AES-256 key derived with
     * HKDF-SHA256 from a random salt, and is cut into authenticated segments of {@code segmentSize} bytes.
     */
    StreamingAead streamingAead(int segmentSize) {
        return aeads.computeIfAbsent(segmentSize, size -> {
            try {
                AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
                        .setKeySizeBytes(KEY_BYTES)
                        .setDerivedAesGcmKeySizeBytes(KEY_BYTES)
                        .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                        .setCiphertextSegmentSizeBytes(size)
                        .build();
                return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(parameters,
                        SecretBytes.copyFrom(material, InsecureSecretKeyAccess.get())));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("segment size " + size + " is not usable: " + e.getMessage(), e);
            }
        });
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
