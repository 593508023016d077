package com.dhakacart.dr.crypto;

import java.io.IOException;

/** Sealed bytes failed authentication or ended early: they were changed or cut short after sealing. */
public class SealBroken extends IOException {
    public SealBroken(String message) {
        super(message);
    }

    public SealBroken(String message, Throwable cause) {
        super(message, cause);
    }
}
