package com.dhakacart.testing.cycles.sibling.web;

import com.dhakacart.testing.cycles.sibling.order.OrderRejected;

/** Planted cycle, half two: the shared web package knows a feature's exception (the api cycle this rule ended). */
public class Problem extends RuntimeException {

    boolean isRejection() {
        return this instanceof OrderRejected;
    }
}
