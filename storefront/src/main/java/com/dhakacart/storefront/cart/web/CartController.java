package com.dhakacart.storefront.cart.web;

import com.dhakacart.storefront.cart.Cart;
import com.dhakacart.storefront.cart.CartPricing;
import com.dhakacart.storefront.cart.CartSession;
import com.dhakacart.storefront.cart.PricedCart;
import com.dhakacart.storefront.shopapi.Product;
import com.dhakacart.storefront.shopapi.ShopApi;
import com.dhakacart.storefront.web.Flash;
import com.dhakacart.storefront.web.ProductNotFound;
import com.dhakacart.storefront.web.SafeRedirect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The cart page and its forms: add, change a quantity, remove. Every change redirects (POST/redirect/GET). */
@Controller
class CartController {

    private final ShopApi api;
    private final CartSession carts;
    private final CartPricing pricing;

    private final Counter additions;

    CartController(ShopApi api, CartSession carts, CartPricing pricing, MeterRegistry metrics) {
        this.api = api;
        this.carts = carts;
        this.pricing = pricing;
        this.additions = Counter.builder("dhakacart.storefront.cart.additions")
                .description("Products added to carts").register(metrics);
    }

    @GetMapping("/cart")
    String cart(HttpServletRequest request, Model model) {
        PricedCart priced = pricing.price(carts.cart(request));
        if (!priced.cart().equals(carts.cart(request))) {
            // The shopper is now shown the new prices; from here on the cart holds them.
            carts.save(request, priced.cart());
        }
        model.addAttribute("priced", priced);
        return "cart";
    }

    @PostMapping("/cart/items")
    String add(@RequestParam String productId, @RequestParam(defaultValue = "1") String quantity,
               @RequestParam(required = false) String returnTo, HttpServletRequest request,
               RedirectAttributes redirect) {
        Product product = api.product(parseId(productId)).orElseThrow(() -> new ProductNotFound(productId));
        String productPage = "/products/" + product.id();
        int wanted = parseQuantity(quantity);
        if (wanted < 1) {
            Flash.error(redirect, "cart.badQuantity", Cart.MAX_QUANTITY);
            return "redirect:" + productPage;
        }
        Cart cart = carts.cart(request);
        int total = cart.quantityOf(product.id()) + wanted;
        if (total > product.stock()) {
            if (product.stock() == 0) {
                Flash.error(redirect, "cart.soldOut", product.name());
            } else if (cart.quantityOf(product.id()) > 0) {
                Flash.error(redirect, "cart.notEnoughWithCart", product.name(), product.stock(),
                        cart.quantityOf(product.id()));
            } else {
                Flash.error(redirect, "cart.notEnough", product.name(), product.stock());
            }
            return "redirect:" + productPage;
        }
        if (total > Cart.MAX_QUANTITY) {
            Flash.error(redirect, "cart.badQuantity", Cart.MAX_QUANTITY);
            return "redirect:" + productPage;
        }
        carts.save(request, cart.add(product.id(), product.name(), wanted, product.price()));
        additions.increment();
        Flash.notice(redirect, "cart.added", product.name());
        return "redirect:" + SafeRedirect.localPath(returnTo, "/cart");
    }

    @PostMapping("/cart/items/{productId}")
    String change(@PathVariable String productId, @RequestParam String quantity, HttpServletRequest request,
                  RedirectAttributes redirect) {
        long id = parseId(productId);
        Cart cart = carts.cart(request);
        if (cart.line(id).isEmpty()) {
            return "redirect:/cart";
        }
        int wanted = parseQuantity(quantity);
        if (wanted < 0 || wanted > Cart.MAX_QUANTITY) {
            Flash.error(redirect, "cart.badQuantity", Cart.MAX_QUANTITY);
            return "redirect:/cart";
        }
        if (wanted > 0) {
            Product product = api.product(id).orElse(null);
            if (product == null) {
                carts.save(request, cart.remove(id));
                Flash.error(redirect, "cart.gone");
                return "redirect:/cart";
            }
            if (wanted > product.stock()) {
                if (product.stock() == 0) {
                    Flash.error(redirect, "cart.soldOut", product.name());
                } else {
                    Flash.error(redirect, "cart.notEnough", product.name(), product.stock());
                }
                return "redirect:/cart";
            }
        }
        carts.save(request, cart.withQuantity(id, wanted));
        Flash.notice(redirect, "cart.updated");
        return "redirect:/cart";
    }

    @PostMapping("/cart/items/{productId}/remove")
    String remove(@PathVariable String productId, HttpServletRequest request, RedirectAttributes redirect) {
        long id = parseId(productId);
        Cart cart = carts.cart(request);
        cart.line(id).ifPresent(line -> {
            carts.save(request, cart.remove(id));
            Flash.notice(redirect, "cart.removed", line.name());
        });
        return "redirect:/cart";
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new ProductNotFound(id);
        }
    }

    /** A typed quantity; anything that is not a small whole number counts as invalid (-1). */
    private static int parseQuantity(String quantity) {
        try {
            int value = Integer.parseInt(quantity.strip());
            return value > 10_000 ? -1 : value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
