package com.dhakacart.api.order;

import com.dhakacart.kernel.Money;
import com.dhakacart.kernel.PhoneNumber;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An order: who, where, which products at which prices, and where it stands. It is placed pending,
 * priced by the server, and moves only along {@link Status}'s transitions through its verbs.
 */
public record Order(String id, String accessToken, Status status, String customerName, String customerEmail,
                    PhoneNumber customerPhone, String deliveryAddress, Money total, String paymentMethod,
                    List<Item> items, OffsetDateTime createdAt) {

    /** Where an order stands; stored and shown in lower case ({@code "pending"}), as the original API did. */
    public enum Status {
        PENDING, CONFIRMED, PACKED, SHIPPED, DELIVERED, CANCELLED;

        /**
         * The states this one may move to: forward one step at a time, or cancelled until it leaves the
         * warehouse; delivered and cancelled are final.
         */
        public Set<Status> next() {
            return switch (this) {
                case PENDING -> Set.of(CONFIRMED, CANCELLED);
                case CONFIRMED -> Set.of(PACKED, CANCELLED);
                case PACKED -> Set.of(SHIPPED, CANCELLED);
                case SHIPPED -> Set.of(DELIVERED);
                case DELIVERED, CANCELLED -> Set.of();
            };
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        /** The status a client named ({@code "packed"}), if it is one. */
        public static java.util.Optional<Status> parse(String value) {
            return java.util.Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
        }
    }

    /** One line of an order at the price charged. */
    public record Item(long productId, String productName, int quantity, Money price) {
        public Money subtotal() {
            return price.times(quantity);
        }
    }

    /** A new order, pending, whose total is the sum of its lines (the server's prices, never the client's). */
    static Order place(String id, String accessToken, OrderRequest request, List<Item> items,
                       OffsetDateTime createdAt) {
        Money total = items.stream().map(Item::subtotal).reduce(Money.ZERO, Money::plus);
        return new Order(id, accessToken, Status.PENDING, request.customerName(), request.customerEmail(),
                request.customerPhone(), request.deliveryAddress(), total, request.paymentMethod(), List.copyOf(items),
                createdAt);
    }

    public Order confirm() {
        return becoming(Status.CONFIRMED);
    }

    public Order pack() {
        return becoming(Status.PACKED);
    }

    public Order markShipped() {
        return becoming(Status.SHIPPED);
    }

    public Order markDelivered() {
        return becoming(Status.DELIVERED);
    }

    public Order cancel() {
        return becoming(Status.CANCELLED);
    }

    /** This order in the given status, if its lifecycle allows the move (else IllegalStateException). */
    public Order becoming(Status next) {
        if (!status.next().contains(next)) {
            throw new IllegalStateException("Order " + id + " is " + status.wire() + " and cannot become "
                    + next.wire());
        }
        return new Order(id, accessToken, next, customerName, customerEmail, customerPhone, deliveryAddress, total,
                paymentMethod, items, createdAt);
    }

    /** The same order, answered with this access token (a token is known only when it is handed out). */
    Order withAccessToken(String token) {
        return new Order(id, token, status, customerName, customerEmail, customerPhone, deliveryAddress, total,
                paymentMethod, items, createdAt);
    }

    Order withItems(List<Item> lines) {
        return new Order(id, accessToken, status, customerName, customerEmail, customerPhone, deliveryAddress, total,
                paymentMethod, List.copyOf(lines), createdAt);
    }
}
