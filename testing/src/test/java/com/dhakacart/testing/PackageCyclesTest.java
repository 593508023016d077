package com.dhakacart.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The package-cycle rule the modules apply catches the cycles it exists for, on small planted packages under
 * {@code cycles/} in this module's tests: two sibling packages (the shape of the api's old web/order cycle)
 * and a feature with its own web sub-package (which a first-level-only slicing would miss).
 */
class PackageCyclesTest {

    private static final String PLANTED = "com.dhakacart.testing.cycles";

    @Test
    void reportsACycleBetweenTwoSiblingPackagesNamingBoth() {
        EvaluationResult result = PackageCycles.forbiddenUnder(PLANTED + ".sibling").evaluate(planted("sibling"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains("package order", "package web", "OrderRejected", "Problem");
    }

    @Test
    void reportsACycleBetweenAFeatureAndItsOwnWebSubPackage() {
        EvaluationResult result = PackageCycles.forbiddenUnder(PLANTED + ".nested").evaluate(planted("nested"));

        assertThat(result.hasViolation()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains("package cart", "package cart.web");
    }

    @Test
    void passesPackagesThatDependOneWayOnly() {
        assertThatCode(() -> PackageCycles.forbiddenUnder(PLANTED + ".acyclic").check(planted("acyclic")))
                .doesNotThrowAnyException();
    }

    @Test
    void failsRatherThanPassesWhenItFindsNoClassesToJudge() {
        // A typo in a module's root package must not turn the rule into one that always passes.
        assertThatThrownBy(() -> PackageCycles.forbiddenUnder("com.dhakacart.nosuchmodule").check(planted("acyclic")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("failed to check any classes");
    }

    private static JavaClasses planted(String fixture) {
        return new ClassFileImporter().importPackages(PLANTED + "." + fixture);
    }
}
