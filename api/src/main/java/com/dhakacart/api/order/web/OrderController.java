package com.dhakacart.api.order.web;

import com.dhakacart.api.order.Order;
import com.dhakacart.kernel.PhoneNumber;
import com.dhakacart.api.order.OrderPlacement;
import com.dhakacart.api.order.OrderRequest;
import com.dhakacart.api.ratelimit.OrderLimits;
import com.dhakacart.api.web.BadRequest;
import com.dhakacart.api.web.Customers;
import com.dhakacart.api.web.NotFound;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Order endpoints with the original payload and answers. */
@RestController
class OrderController {

    private final OrderPlacement placement;
    private final OrderLimits limits;

    OrderController(OrderPlacement placement, OrderLimits limits) {
        this.placement = placement;
        this.limits = limits;
    }

    // produces: a client that accepts no JSON is refused (406) before the order is placed, not after
    // (found by fuzzing: the order was written and the answer said 406, inviting a duplicate retry).
    @PostMapping(path = "/api/orders", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> place(@Valid @RequestBody PlaceOrderBody body,
                                              @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                              HttpServletRequest http) {
        if (key != null && (key.isBlank() || key.length() > 200)) {
            throw new BadRequest("Idempotency-Key must be 1 to 200 characters");
        }
        Customers.identify(http, body.customerEmail());
        // Already checked by @ValidPhone, so present.
        PhoneNumber phone = PhoneNumber.parse(body.customerPhone()).orElseThrow();
        limits.placing(phone);
        OrderRequest request = new OrderRequest(body.customerName(), body.customerEmail(), phone,
                body.deliveryAddress(), body.totalAmount(),
                body.items().stream().map(i -> new OrderRequest.Line(i.productId(), i.quantity(), i.price())).toList(),
                body.paymentMethod() == null || body.paymentMethod().isBlank() ? "cod" : body.paymentMethod(),
                key);
        OrderPlacement.Placed placed = placement.place(request);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", String.valueOf(placed.replayed()))
                .body(Map.of("message", placed.replayed() ? "Order already placed" : "Order placed successfully",
                        "order", OrderView.of(placed.order(), true)));
    }

    /**
     * Reads an order with the access token given at creation (X-Order-Token header, preferred, or the
     * {@code token} query parameter), in full; or with the customer's phone number (the storefront's "find
     * my order"; rate-limited), with the personal data masked. Anything else is a 404, so the answer never
     * tells a stranger that an order number exists.
     */
    @GetMapping("/api/orders/{id}")
    Map<String, Object> get(@PathVariable String id,
                            @RequestParam(required = false) String token,
                            @RequestParam(required = false) String phone,
                            @RequestHeader(name = "X-Order-Token", required = false) String headerToken) {
        String given = headerToken != null ? headerToken : token;
        if (id.length() > 40) {
            throw new NotFound("Order not found");
        }
        if (given != null && !given.isEmpty()) {
            var byToken = placement.findWithToken(id, given);
            if (byToken.isPresent()) {
                return Map.of("data", OrderView.of(byToken.get(), false));
            }
        }
        Order order = placement.find(id)
                .filter(o -> phone != null && PhoneNumber.parse(phone)
                        .filter(p -> same(p.e164(), o.customerPhone().e164())).isPresent())
                .orElseThrow(() -> new NotFound("Order not found"));
        return Map.of("data", OrderView.masked(order));
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
