package com.dhakacart.dr.vault;

import java.io.IOException;

/** A stored file was sealed with a key we do not hold (or the key given is not the one used). */
public class WrongKey extends IOException {
    public WrongKey(String message) {
        super(message);
    }
}
