package com.dhakacart.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Identifies the customer behind a request in logs by a hash of the email, so "requests from customer X"
 * is one query away while the logs never hold the address itself.
 */
public final class Customers {

    static final String ATTRIBUTE = "dhakacart.customer";

    private Customers() {
    }

    public static void identify(HttpServletRequest request, String email) {
        if (email != null && !email.isBlank()) {
            request.setAttribute(ATTRIBUTE, hash(email));
        }
    }

    /** The first 16 hex digits of SHA-256 over the trimmed, lower-cased email. */
    public static String hash(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
