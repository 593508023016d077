package com.dhakacart.dr.store;

import java.io.IOException;

/** The backup repository (a directory or an S3 endpoint) could not be reached or written. */
public class RepositoryUnreachable extends IOException {
    public RepositoryUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
