package com.dhakacart.storefront.backoffice;

/**
 * A log-in the API refused. Deliberately only two kinds, as the API answers the same for an unknown email
 * and a wrong password: {@code LOCKED_OUT} (429: too many failures for this email or address) and
 * {@code WRONG_CREDENTIALS} (anything else the API refused).
 */
public class LoginRefused extends RuntimeException {

    public enum Reason { WRONG_CREDENTIALS, LOCKED_OUT }

    private final Reason reason;

    public LoginRefused(Reason reason) {
        super(reason.name());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
