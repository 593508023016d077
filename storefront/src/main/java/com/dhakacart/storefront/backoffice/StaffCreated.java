package com.dhakacart.storefront.backoffice;

/** A new staff account and its one-time password, which the API shows this once and never again. */
public record StaffCreated(StaffAccount staff, String oneTimePassword) {

    @Override
    public String toString() {
        return "StaffCreated[" + staff + "]"; // never the password in a log line
    }
}
