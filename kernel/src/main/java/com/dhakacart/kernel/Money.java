package com.dhakacart.kernel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of Bangladeshi taka, exact to the poisha (two decimal places); never a double.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    public static final Money ZERO = new Money(BigDecimal.ZERO);

    public Money {
        Objects.requireNonNull(amount, "amount");
        // Scale 2 everywhere so equals() and JSON output agree on 35990 vs 35990.00.
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static Money of(String amount) {
        return new Money(new BigDecimal(amount));
    }

    public static Money of(long taka) {
        return new Money(BigDecimal.valueOf(taka));
    }

    /** Whether the value has at most two decimals, so it can be a Money without rounding. */
    public static boolean isExact(BigDecimal value) {
        return value.stripTrailingZeros().scale() <= 2;
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    public Money times(int quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)));
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** Poisha as a whole number, for metrics counters that need integers. */
    public long poisha() {
        return amount.movePointRight(2).longValueExact();
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return "৳" + amount.toPlainString();
    }
}
