package com.dhakacart.storefront;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.dhakacart.testing.PackageCycles;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the package-by-feature layout honest: no package cycles, MVC stays at the edges, the API client stays a leaf. */
class ModuleBoundariesTest {

    static {
        // Our own classes are all we judge; resolving Spring and friends from the class path only costs time.
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    private final JavaClasses storefront = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.dhakacart.storefront");

    @Test
    void noTwoPackagesDependOnEachOther() {
        PackageCycles.forbiddenUnder("com.dhakacart.storefront").check(storefront);
    }

    @Test
    void onlyWebPackagesUseSpringMvcOrTheirControllers() {
        noClasses().that().resideInAnyPackage("..storefront.catalog", "..storefront.cart", "..storefront.order",
                        "..storefront.shopapi", "..storefront.backoffice")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.ui..", "..storefront.catalog.web..", "..storefront.cart.web..",
                        "..storefront.order.web..", "..storefront.backoffice.web..")
                .check(storefront);
    }

    @Test
    void theApiClientKnowsNothingOfTheFeaturesUsingIt() {
        noClasses().that().resideInAPackage("..storefront.shopapi..")
                .should().dependOnClassesThat().resideInAnyPackage("..storefront.catalog..", "..storefront.cart..",
                        "..storefront.order..", "..storefront.web..", "..storefront.backoffice..")
                .check(storefront);
    }

    @Test
    void theCartDoesNotDependOnCheckout() {
        noClasses().that().resideInAPackage("..storefront.cart..")
                .should().dependOnClassesThat().resideInAPackage("..storefront.order..")
                .check(storefront);
    }
}
