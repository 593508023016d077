package com.dhakacart.storefront.backoffice;

/** The API no longer knows the staff member's token (401: expired, revoked or never valid): log in again. */
public class StaffSignedOut extends RuntimeException {

    public StaffSignedOut(String message) {
        super(message);
    }
}
