package com.dhakacart.storefront.backoffice.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A back-office handler that needs no staff session: the log-in form. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface AnyoneMayOpen {
}
