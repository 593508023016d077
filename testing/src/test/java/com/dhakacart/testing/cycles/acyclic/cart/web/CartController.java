package com.dhakacart.testing.cycles.acyclic.cart.web;

import com.dhakacart.testing.cycles.acyclic.cart.Cart;

/** Depends on the domain, one way only. */
public class CartController {

    Cart cart;
}
