package com.dhakacart.storefront;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the package-by-feature layout honest: MVC stays at the edges, the API client stays a leaf. */
class ModuleBoundariesTest {

    private final JavaClasses storefront = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.dhakacart.storefront");

    @Test
    void onlyWebPackagesUseSpringMvcOrTheirControllers() {
        noClasses().that().resideInAnyPackage("..storefront.catalog", "..storefront.cart", "..storefront.order",
                        "..storefront.shopapi")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.ui..", "..storefront.catalog.web..", "..storefront.cart.web..",
                        "..storefront.order.web..")
                .check(storefront);
    }

    @Test
    void theApiClientKnowsNothingOfTheFeaturesUsingIt() {
        noClasses().that().resideInAPackage("..storefront.shopapi..")
                .should().dependOnClassesThat().resideInAnyPackage("..storefront.catalog..", "..storefront.cart..",
                        "..storefront.order..", "..storefront.web..")
                .check(storefront);
    }

    @Test
    void theCartDoesNotDependOnCheckout() {
        noClasses().that().resideInAPackage("..storefront.cart..")
                .should().dependOnClassesThat().resideInAPackage("..storefront.order..")
                .check(storefront);
    }
}
