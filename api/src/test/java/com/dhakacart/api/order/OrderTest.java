package com.dhakacart.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dhakacart.kernel.Money;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTest {

    private final OrderRequest request = new OrderRequest("Rahim Uddin", "rahim@example.com", com.dhakacart.kernel.PhoneNumber.parse("01712345678").orElseThrow(),
            "House 12, Road 5, Dhanmondi, Dhaka", null, List.of(), "cod", null);

    @Test
    void aPlacedOrderIsPendingAndTotalsItsLinesAtTheServersPrices() {
        Order order = Order.place("DC1", "token", request, List.of(
                new Order.Item(1, "Galaxy A54", 1, Money.of("35990")),
                new Order.Item(7, "Miniket Rice 5 kg", 2, Money.of("420.50"))), OffsetDateTime.now());

        assertThat(order.status()).isEqualTo(Order.Status.PENDING);
        assertThat(order.status().wire()).isEqualTo("pending");
        assertThat(order.total()).isEqualTo(Money.of("36831.00"));
    }

    @Test
    void movesOnlyForwardAndNeverOutOfAFinalState() {
        Order order = Order.place("DC2", "token", request,
                List.of(new Order.Item(1, "Panjabi", 1, Money.of(2500))), OffsetDateTime.now());

        Order delivered = order.confirm().pack().markShipped().markDelivered();

        assertThat(delivered.status()).isEqualTo(Order.Status.DELIVERED);
        assertThatThrownBy(delivered::cancel).hasMessage("Order DC2 is delivered and cannot become cancelled");
        assertThatThrownBy(order::markShipped).hasMessage("Order DC2 is pending and cannot become shipped");
        assertThat(order.cancel().status()).isEqualTo(Order.Status.CANCELLED);
    }

    @Test
    void aPackedOrderMayStillBeCancelledButAShippedOneMayNot() {
        Order order = Order.place("DC3", "token", request,
                List.of(new Order.Item(1, "Panjabi", 1, Money.of(2500))), OffsetDateTime.now());

        assertThat(order.confirm().pack().cancel().status()).isEqualTo(Order.Status.CANCELLED);
        assertThatThrownBy(() -> order.confirm().markShipped())
                .hasMessage("Order DC3 is confirmed and cannot become shipped");
        assertThatThrownBy(() -> order.confirm().pack().markShipped().cancel())
                .hasMessage("Order DC3 is shipped and cannot become cancelled");
        assertThat(Order.Status.PACKED.next()).containsExactlyInAnyOrder(Order.Status.SHIPPED, Order.Status.CANCELLED);
    }
}
