package com.dhakacart.dr.restore;

/** A restore that will not be attempted, because it would overwrite something or has nothing to restore. */
public class RestoreRefused extends RuntimeException {
    public RestoreRefused(String message) {
        super(message);
    }
}
