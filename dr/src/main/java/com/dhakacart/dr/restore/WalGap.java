package com.dhakacart.dr.restore;

import java.io.IOException;

/**
 * The archived WAL has a hole: PostgreSQL could replay only up to it, and every commit after it would be
 * lost without a word. Refused before the target is touched, unless the operator accepts the loss.
 */
public class WalGap extends IOException {
    public WalGap(String message) {
        super(message);
    }
}
