package com.dhakacart.testing.cycles.sibling.order;

import com.dhakacart.testing.cycles.sibling.web.Problem;

/** Planted cycle, half one: the feature's exception extends the shared web type. */
public class OrderRejected extends Problem {
}
