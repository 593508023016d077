package com.dhakacart.storefront.backoffice;

/**
 * The API refused the staff member's role (403). {@code passwordChangeDue} when the reason is a one-time
 * password not yet changed.
 */
public class StaffForbidden extends RuntimeException {

    private final boolean passwordChangeDue;

    public StaffForbidden(String message, boolean passwordChangeDue) {
        super(message);
        this.passwordChangeDue = passwordChangeDue;
    }

    public boolean passwordChangeDue() {
        return passwordChangeDue;
    }
}
