package dev.faasport.maven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency directions of docs/ARCHITECTURE.md, written down so that they stay true. */
class DependencyRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.faasport");
    }

    @Test
    void engineKnowsNoMavenAndNoVendor() {
        noClasses().that().resideInAnyPackage("dev.faasport.core..", "dev.faasport.packaging..", "dev.faasport.limits..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.maven..", "software.amazon..",
                        "com.amazonaws..", "com.azure..", "com.microsoft..", "com.google.cloud..", "io.fabric8..")
                .check(classes);
    }

    @Test
    void engineFindsProvidersThroughTheSpiOnly() {
        noClasses().that().resideInAnyPackage("dev.faasport.core..", "dev.faasport.maven..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.faasport.local..", "dev.faasport.provider..")
                .check(classes);
    }

    @Test
    void spiAndApiDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.faasport.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.faasport.core..", "dev.faasport.runtime..",
                        "dev.faasport.packaging..", "dev.faasport.maven..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.faasport.api..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.faasport.api..", "java..")
                .check(classes);
    }

    @Test
    void whatRunsInAFunctionNeverDragsInTheEngine() {
        noClasses().that().resideInAPackage("dev.faasport.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.faasport.core..", "dev.faasport.spi..",
                        "dev.faasport.packaging..", "dev.faasport.maven..")
                .check(classes);
    }
}
