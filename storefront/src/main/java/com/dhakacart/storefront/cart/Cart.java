package com.dhakacart.storefront.cart;

import com.dhakacart.kernel.Money;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A shopper's cart. Immutable: every change returns a new cart, which the caller stores back in the
 * session (Spring Session writes an attribute to Redis only when it is set again).
 */
public record Cart(List<CartLine> lines) implements Serializable {

    /** No line may exceed this, whatever the stock: it keeps typos like 1000 out of orders. */
    public static final int MAX_QUANTITY = 99;

    public static final Cart EMPTY = new Cart(List.of());

    public Cart {
        lines = List.copyOf(lines);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** How many items in total, for the badge in the header. */
    public int itemCount() {
        return lines.stream().mapToInt(CartLine::quantity).sum();
    }

    public int quantityOf(long productId) {
        return line(productId).map(CartLine::quantity).orElse(0);
    }

    public Optional<CartLine> line(long productId) {
        return lines.stream().filter(line -> line.productId() == productId).findFirst();
    }

    public List<Long> productIds() {
        return lines.stream().map(CartLine::productId).toList();
    }

    /** The total at the prices the shopper was shown. */
    public Money total() {
        return lines.stream()
                .map(line -> new Money(line.unitPrice()).times(line.quantity()))
                .reduce(Money.ZERO, Money::plus);
    }

    public Cart add(long productId, String name, int quantity, BigDecimal unitPrice) {
        if (line(productId).isPresent()) {
            return change(productId, line -> line.withQuantity(line.quantity() + quantity).withPrice(unitPrice));
        }
        List<CartLine> next = new ArrayList<>(lines);
        next.add(new CartLine(productId, name, quantity, unitPrice));
        return new Cart(next);
    }

    /** Sets a line's quantity; zero removes the line. */
    public Cart withQuantity(long productId, int quantity) {
        return quantity <= 0 ? remove(productId) : change(productId, line -> line.withQuantity(quantity));
    }

    public Cart withPrice(long productId, BigDecimal unitPrice) {
        return change(productId, line -> line.withPrice(unitPrice));
    }

    public Cart remove(long productId) {
        return new Cart(lines.stream().filter(line -> line.productId() != productId).toList());
    }

    private Cart change(long productId, UnaryOperator<CartLine> change) {
        return new Cart(lines.stream().map(line -> line.productId() == productId ? change.apply(line) : line).toList());
    }
}
