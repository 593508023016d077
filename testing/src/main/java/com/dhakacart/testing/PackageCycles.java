package com.dhakacart.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The one rule every module's architecture test applies: no dependency cycle between any two packages under
 * the module's root. Each package is its own slice ({@code (**)} captures the whole sub-package name), so a
 * feature and its own {@code web/} sub-package may not depend on each other either; a type two packages need
 * lives with the one that owns it.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** The rule for every package below {@code rootPackage} (e.g. {@code com.dhakacart.dr}). */
    public static ArchRule forbiddenUnder(String rootPackage) {
        return slices().matching(rootPackage + ".(**)").namingSlices("package $1")
                .should().beFreeOfCycles()
                .because("a type used by two packages belongs to the one that owns it (docs/ARCHITECTURE.md)");
    }
}
