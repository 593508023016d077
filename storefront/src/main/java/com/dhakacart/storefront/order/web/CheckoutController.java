package com.dhakacart.storefront.order.web;

import com.dhakacart.kernel.PhoneNumber;
import com.dhakacart.storefront.cart.Cart;
import com.dhakacart.storefront.cart.CartPricing;
import com.dhakacart.storefront.cart.CartSession;
import com.dhakacart.storefront.cart.PricedCart;
import com.dhakacart.storefront.order.Checkout;
import com.dhakacart.storefront.order.CheckoutOutcome;
import com.dhakacart.storefront.order.OrderReceiptsSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** The checkout page: customer details, cash on delivery, and the answer to "Place order". */
@Controller
class CheckoutController {

    private final CartSession carts;
    private final CartPricing pricing;
    private final Checkout checkout;
    private final OrderReceiptsSession receipts;

    CheckoutController(CartSession carts, CartPricing pricing, Checkout checkout, OrderReceiptsSession receipts) {
        this.carts = carts;
        this.pricing = pricing;
        this.checkout = checkout;
        this.receipts = receipts;
    }

    @GetMapping("/checkout")
    String form(HttpServletRequest request, Model model) {
        Cart cart = carts.cart(request);
        if (cart.isEmpty()) {
            return "redirect:/cart";
        }
        PricedCart priced = pricing.price(cart);
        if (!priced.canCheckout()) {
            // The cart page says which line asks for more than is left.
            carts.save(request, priced.cart());
            return "redirect:/cart";
        }
        CheckoutForm form = new CheckoutForm();
        form.setCheckoutKey(newCheckoutKey());
        return show(request, model, form, priced);
    }

    @PostMapping("/checkout")
    String place(@Valid @ModelAttribute("form") CheckoutForm form, BindingResult errors,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<String> alreadyPlaced = receipts.receipts(request).orderFor(form.getCheckoutKey());
        if (alreadyPlaced.isPresent()) {
            // The same form again (a second click, a reload): that order exists, show it.
            return "redirect:/orders/" + alreadyPlaced.get();
        }
        Cart cart = carts.cart(request);
        if (cart.isEmpty()) {
            return "redirect:/cart";
        }
        if (!errors.hasFieldErrors("phone") && !PhoneNumber.isValid(form.getPhone())) {
            // The API's own rule (libphonenumber): mobiles, landlines such as 02-9876543, international.
            errors.rejectValue("phone", "checkout.phone.invalid");
        }
        if (errors.hasFieldErrors("checkoutKey")) {
            form.setCheckoutKey(newCheckoutKey());
        }
        if (errors.hasErrors()) {
            return show(request, model, form, pricing.price(cart));
        }
        CheckoutOutcome outcome = checkout.place(cart, form.details(), form.getCheckoutKey(),
                shopperToken(request));
        if (outcome instanceof CheckoutOutcome.Placed placed) {
            String orderId = placed.order().id();
            receipts.save(request, receipts.receipts(request)
                    .with(orderId, placed.order().accessToken(), form.getCheckoutKey()));
            carts.save(request, Cart.EMPTY);
            return "redirect:/orders/" + orderId + "?placed";
        }
        if (outcome instanceof CheckoutOutcome.Busy busy) {
            // Nothing was ordered yet; the waiting room sends this very form again (same key) by itself.
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(busy.retryAfterSeconds()));
            model.addAttribute("form", form);
            model.addAttribute("retryAfter", busy.retryAfterSeconds());
            return "waiting-room";
        }
        // Nothing was ordered. The next attempt is a different request, so it gets its own key.
        form.setCheckoutKey(newCheckoutKey());
        model.addAttribute("outcome", outcome);
        switch (outcome) {
            case CheckoutOutcome.NotEnoughStock stock -> {
                carts.save(request, stock.cart());
                model.addAttribute("problem", "stock");
            }
            case CheckoutOutcome.PricesChanged prices -> {
                carts.save(request, prices.cart());
                model.addAttribute("problem", "prices");
            }
            case CheckoutOutcome.Refused refused -> model.addAttribute("problem", "refused");
            case CheckoutOutcome.Busy busy -> throw new IllegalStateException("handled above");
            case CheckoutOutcome.Placed placed -> throw new IllegalStateException("handled above");
        }
        return show(request, model, form, pricing.price(carts.cart(request)));
    }

    private String show(HttpServletRequest request, Model model, CheckoutForm form, PricedCart priced) {
        if (!priced.cart().equals(carts.cart(request))) {
            // These are the prices on the page the shopper confirms by pressing "Place order".
            carts.save(request, priced.cart());
        }
        model.addAttribute("form", form);
        model.addAttribute("priced", priced);
        return "checkout";
    }

    /** Stands for the shopper towards the API without revealing their session id. */
    private static String shopperToken(HttpServletRequest request) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(request.getSession(true).getId().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newCheckoutKey() {
        return UUID.randomUUID().toString();
    }
}
