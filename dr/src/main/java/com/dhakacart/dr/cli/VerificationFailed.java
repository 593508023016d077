package com.dhakacart.dr.cli;

/** {@code verify} found at least one problem; the details were already printed. */
final class VerificationFailed extends RuntimeException {
    VerificationFailed(String message) {
        super(message);
    }
}
