package com.dhakacart.storefront.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.kernel.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TakaTest {

    private final Taka taka = new Taka();

    @Test
    void groupsThousandsThenLakhsThenCroresTheBangladeshiWay() {
        assertThat(taka.format(new BigDecimal("0"))).isEqualTo("৳0");
        assertThat(taka.format(new BigDecimal("95"))).isEqualTo("৳95");
        assertThat(taka.format(new BigDecimal("420.00"))).isEqualTo("৳420");
        assertThat(taka.format(new BigDecimal("1650"))).isEqualTo("৳1,650");
        assertThat(taka.format(new BigDecimal("35990"))).isEqualTo("৳35,990");
        assertThat(taka.format(new BigDecimal("100000"))).isEqualTo("৳1,00,000");
        assertThat(taka.format(new BigDecimal("1234567"))).isEqualTo("৳12,34,567");
        assertThat(taka.format(new BigDecimal("10000000"))).isEqualTo("৳1,00,00,000");
        assertThat(taka.format(new BigDecimal("123456789"))).isEqualTo("৳12,34,56,789");
    }

    @Test
    void showsPoishaOnlyWhenThereAreAny() {
        assertThat(taka.format(Money.of("35990.50"))).isEqualTo("৳35,990.50");
        assertThat(taka.format(Money.of("100000.05"))).isEqualTo("৳1,00,000.05");
        assertThat(taka.format(Money.of(62500))).isEqualTo("৳62,500");
    }

    @Test
    void keepsTheSignOfARefundInFront() {
        assertThat(taka.format(new BigDecimal("-150000"))).isEqualTo("-৳1,50,000");
    }
}
