package com.dhakacart.testing.cycles.acyclic.cart;

/** The same shape without the cycle: the domain knows nothing of the web. */
public class Cart {
}
