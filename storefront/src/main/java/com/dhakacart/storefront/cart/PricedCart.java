package com.dhakacart.storefront.cart;

import com.dhakacart.kernel.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * A cart checked against the shop's current prices and stock, ready to show: which prices moved
 * since the shopper last saw them and which lines ask for more than is in stock.
 */
public record PricedCart(Cart cart, List<Line> lines, List<PriceChange> priceChanges, boolean productsRemoved) {

    /** One line as the shopper should see it now. */
    public record Line(long productId, String name, String imageUrl, String imageSrcset, int quantity,
                       BigDecimal unitPrice, int stock) {

        public Money lineTotal() {
            return new Money(unitPrice).times(quantity);
        }

        public boolean exceedsStock() {
            return quantity > stock;
        }
    }

    /** A price that moved since the shopper last saw it. */
    public record PriceChange(String name, BigDecimal before, BigDecimal now) {
    }

    public Money total() {
        return lines.stream().map(Line::lineTotal).reduce(Money.ZERO, Money::plus);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public List<Line> shortages() {
        return lines.stream().filter(Line::exceedsStock).toList();
    }

    public boolean canCheckout() {
        return !isEmpty() && shortages().isEmpty();
    }
}
