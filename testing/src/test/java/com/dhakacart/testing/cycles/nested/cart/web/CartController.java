package com.dhakacart.testing.cycles.nested.cart.web;

import com.dhakacart.testing.cycles.nested.cart.CartSession;

/** The web half of the nested planted cycle. */
public class CartController {

    CartSession session;
}
