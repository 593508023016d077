package com.dhakacart.storefront.backoffice.web;

import com.dhakacart.storefront.backoffice.StaffRole;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The staff roles a back-office page or form is for, checked by {@link StaffGate} before the handler runs
 * (the same table as the admin API's contract; the API checks again on every call). Every handler in this
 * package carries it, or {@link AnyoneMayOpen}; one with neither is refused.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface StaffOnly {

    StaffRole[] value();

    /** Reachable while a one-time password is still to be changed (the password form and log-out). */
    boolean beforePasswordChange() default false;
}
