package com.dhakacart.api.order;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Order numbers and access tokens. Numbers are random (about 60 bits, in an unambiguous alphabet) so
 * nobody can walk the order list by counting; tokens are 256-bit secrets for reading an order.
 */
final class OrderNumbers {

    // Crockford's base32: no I, L, O, U, so numbers survive being read out over the phone.
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private OrderNumbers() {
    }

    static String newOrderId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "DC" + new String(id);
    }

    static String newAccessToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
