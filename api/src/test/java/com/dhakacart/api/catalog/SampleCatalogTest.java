package com.dhakacart.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.dhakacart.api.catalog.Products.NewProduct;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleCatalogTest {

    @Test
    void theOriginalCatalogHasFifteenProductsInEightCategories() {
        assertThat(SampleCatalog.ORIGINAL).hasSize(15);
        assertThat(SampleCatalog.ORIGINAL.stream().map(NewProduct::category).distinct()).hasSize(8);
        assertThat(SampleCatalog.ORIGINAL).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("Samsung Galaxy A54");
            assertThat(p.price()).isEqualByComparingTo("35990");
        });
    }

    @Test
    void generatesALargeRealisticCatalogWithUniqueNamesAndWholeTakaPrices() {
        List<NewProduct> generated = SampleCatalog.generate(10_000, new Random(7));
        assertThat(generated).hasSize(10_000);
        Set<String> names = generated.stream().map(NewProduct::name).collect(Collectors.toSet());
        assertThat(names).hasSize(10_000);
        assertThat(generated).allSatisfy(p -> {
            assertThat(p.price()).isGreaterThan(BigDecimal.ZERO);
            assertThat(p.price().stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
            assertThat(p.stock()).isPositive();
        });
        assertThat(generated.stream().map(NewProduct::category).distinct()).hasSize(8);
    }
}
