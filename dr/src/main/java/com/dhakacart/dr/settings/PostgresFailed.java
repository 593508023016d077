package com.dhakacart.dr.settings;

/** PostgreSQL or one of its programs (pg_basebackup, pg_ctl, ...) could not do what we asked. */
public class PostgresFailed extends RuntimeException {
    public PostgresFailed(String message) {
        super(message);
    }

    public PostgresFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
