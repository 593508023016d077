package com.dhakacart.testing.cycles.nested.cart;

import com.dhakacart.testing.cycles.nested.cart.web.CartController;

/** Planted cycle between a feature and its own web sub-package: the domain knows its controller. */
public class CartSession {

    CartController controller;
}
