package com.dhakacart.api.staff;

import java.security.SecureRandom;

/** Passwords handed out once (new accounts): 16 characters without look-alikes (0/O, 1/l/I), about 92 bits. */
final class OneTimePasswords {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private OneTimePasswords() {
    }

    static String generate() {
        StringBuilder out = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
