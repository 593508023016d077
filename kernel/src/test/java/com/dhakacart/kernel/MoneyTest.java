package com.dhakacart.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void addsLineTotalsExactlyWhereDoublesWouldDrift() {
        Money total = Money.of("0.10").times(3).plus(Money.of("0.20"));
        assertThat(total).isEqualTo(Money.of("0.50"));
        assertThat(Money.of("0.10").plus(Money.of("0.20"))).isEqualTo(Money.of("0.30"));
        assertThat(0.1 + 0.2).isNotEqualTo(0.3); // the reason Money exists
    }

    @Test
    void treatsWholeTakaAndPoishaFormsAsEqual() {
        assertThat(Money.of(35990)).isEqualTo(Money.of("35990.00"));
        assertThat(Money.of(35990).poisha()).isEqualTo(3_599_000L);
    }

    @Test
    void refusesFractionsOfAPoisha() {
        assertThat(Money.isExact(new BigDecimal("10.005"))).isFalse();
        assertThatThrownBy(() -> Money.of("10.005")).isInstanceOf(ArithmeticException.class);
    }
}
