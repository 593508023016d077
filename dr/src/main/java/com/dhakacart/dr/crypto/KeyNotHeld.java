package com.dhakacart.dr.crypto;

import java.io.IOException;

/** Sealed bytes name a key that is not in our keyring, or a different key under the same id. */
public class KeyNotHeld extends IOException {
    public KeyNotHeld(String message) {
        super(message);
    }
}
