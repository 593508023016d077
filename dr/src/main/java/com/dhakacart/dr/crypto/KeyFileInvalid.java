package com.dhakacart.dr.crypto;

import java.io.IOException;

/** A key file or DR_KEY value could not be read as backup keys; the message says where and never shows key bytes. */
public class KeyFileInvalid extends IOException {
    public KeyFileInvalid(String message) {
        super(message);
    }
}
