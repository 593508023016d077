package com.dhakacart.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.dhakacart.testing.PackageCycles;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the feature packages honest: no package cycles, domain code has no HTTP in it, catalog does not know orders. */
class ArchitectureTest {

    static {
        // Our own classes are all we judge; resolving Spring and friends from the class path only costs time.
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.dhakacart.api");

    @Test
    void noTwoPackagesDependOnEachOther() {
        PackageCycles.forbiddenUnder("com.dhakacart.api").check(classes);
    }

    @Test
    void domainCodeHasNoWebDependencies() {
        noClasses().that().resideInAnyPackage("com.dhakacart.api.catalog", "com.dhakacart.api.order",
                        "com.dhakacart.api.order.payment")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..",
                        "..web..")
                .check(classes);
    }

    @Test
    void catalogDoesNotDependOnOrders() {
        noClasses().that().resideInAPackage("com.dhakacart.api.catalog..")
                .should().dependOnClassesThat().resideInAPackage("com.dhakacart.api.order..")
                .check(classes);
    }
}
