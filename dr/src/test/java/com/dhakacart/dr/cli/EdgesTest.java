package com.dhakacart.dr.cli;

import com.dhakacart.testing.PackageCycles;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Thin edges: no package cycles, the CLI calls the core, never the other way round, and nothing reaches into the shop. */
class EdgesTest {

    static {
        // Our own classes are all we judge; resolving the AWS SDK and friends from the class path only costs time.
        com.tngtech.archunit.ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    private static final JavaClasses DR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.dhakacart.dr");

    @Test
    void noTwoPackagesDependOnEachOther() {
        PackageCycles.forbiddenUnder("com.dhakacart.dr").check(DR);
    }

    @Test
    void theCoreNeverDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("com.dhakacart.dr.cli..")
                .should().dependOnClassesThat().resideInAPackage("com.dhakacart.dr.cli..")
                .check(DR);
    }

    @Test
    void theDrToolWorksWithoutTheShop() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.dhakacart.api..", "org.springframework..")
                .check(DR);
    }

    @Test
    void restoresAndBackupsDoNotDependOnTheAgent() {
        noClasses().that().resideInAnyPackage("com.dhakacart.dr.backup..", "com.dhakacart.dr.restore..",
                        "com.dhakacart.dr.catalogue..", "com.dhakacart.dr.wal..", "com.dhakacart.dr.retention..")
                .should().dependOnClassesThat().resideInAPackage("com.dhakacart.dr.agent..")
                .check(DR);
    }
}
