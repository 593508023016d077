package com.dhakacart.dr.crypto;

import java.io.IOException;

/** Sealed bytes in a format this version does not read (the first, hand-written format, or a newer one). */
public class FormatUnsupported extends IOException {
    public FormatUnsupported(String message) {
        super(message);
    }
}
