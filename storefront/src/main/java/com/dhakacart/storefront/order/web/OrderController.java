package com.dhakacart.storefront.order.web;

import com.dhakacart.storefront.order.OrderReceiptsSession;
import com.dhakacart.storefront.shopapi.Order;
import com.dhakacart.storefront.shopapi.ShopApi;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The order confirmation (for the shopper who just placed it, through the token kept in their
 * session) and the lookup by order number and phone for everyone else.
 */
@Controller
class OrderController {

    private final ShopApi api;
    private final OrderReceiptsSession receipts;

    OrderController(ShopApi api, OrderReceiptsSession receipts) {
        this.api = api;
        this.receipts = receipts;
    }

    @GetMapping("/orders/{id}")
    String order(@PathVariable String id, @RequestParam(required = false) String placed,
                 HttpServletRequest request, Model model) {
        Optional<Order> order = receipts.receipts(request).token(id).flatMap(token -> api.order(id, token));
        if (order.isEmpty()) {
            return "redirect:" + UriComponentsBuilder.fromPath("/orders/lookup").queryParam("number", id)
                    .encode().build().toUriString();
        }
        model.addAttribute("order", order.get());
        model.addAttribute("justPlaced", placed != null);
        return "order";
    }

    @GetMapping("/orders/lookup")
    String lookupForm(@RequestParam(required = false) String number, Model model) {
        model.addAttribute("number", number == null ? "" : number.strip());
        model.addAttribute("phone", "");
        return "lookup";
    }

    @PostMapping("/orders/lookup")
    String lookup(@RequestParam(defaultValue = "") String number, @RequestParam(defaultValue = "") String phone,
                  Model model) {
        String orderNumber = number.strip();
        String orderPhone = phone.strip();
        Optional<Order> order = orderNumber.length() > 100 || orderPhone.length() > 30 ? Optional.empty()
                : api.orderByPhone(orderNumber, orderPhone);
        if (order.isEmpty()) {
            model.addAttribute("number", orderNumber);
            model.addAttribute("phone", orderPhone);
            model.addAttribute("notFound", true);
            return "lookup";
        }
        model.addAttribute("order", order.get());
        model.addAttribute("justPlaced", false);
        return "order";
    }
}
