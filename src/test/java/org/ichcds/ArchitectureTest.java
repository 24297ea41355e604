package org.ichcds;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The few dependency rules that keep the pipeline stages reusable outside the server (DESIGN.md, Layout). */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ichcds");
    }

    @Test
    void pureStagesKnowNothingOfTheWebFhirOrCdsHooks() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage("org.ichcds.dicom..", "org.ichcds.preprocessing..", "org.ichcds.inference..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "org.springframework.boot.web..",
                        "jakarta.servlet..",
                        "ca.uhn..",
                        "org.hl7.fhir..",
                        "org.ichcds.hooks..",
                        "org.ichcds.fhir..",
                        "org.ichcds.reporting..")
                .allowEmptyShould(true);
        rule.check(classes);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.ichcds.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.ichcds.cli..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
