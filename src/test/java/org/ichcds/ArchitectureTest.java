package org.ichcds;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.stereotype.Component;

/**
 * The dependency rules of DESIGN.md (Layout) and docs/architecture.md: dependencies run one way, from the command line
 * down to DICOM, with training, the demo's stand-ins and the PACS process beside the server; no package cycles.
 */
class ArchitectureTest {

    /** The server's packages, the ones IchCdsApplication scans. */
    private static final List<String> SERVER = List.of(
            "org.ichcds.hooks",
            "org.ichcds.viewer",
            "org.ichcds.analysis",
            "org.ichcds.reporting",
            "org.ichcds.fhir",
            "org.ichcds.inference",
            "org.ichcds.preprocessing",
            "org.ichcds.dicom",
            "org.ichcds.web");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ichcds");
    }

    /**
     * Each layer is used only by the layers above it: cli → demo, training, pacs (beside the server) → hooks, viewer →
     * analysis → reporting, fhir → inference → preprocessing → dicom. Reporting sits above inference because the
     * label order of the model contract ({@code HemorrhageLabel}) names its findings. Every layer may use the identifier
     * syntaxes and the outgoing HTTP clients, which use no other layer.
     */
    @Test
    void dependenciesRunOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Cli")
                .definedBy("org.ichcds.cli..")
                .layer("Application")
                .definedBy("org.ichcds")
                .layer("Demo")
                .definedBy("org.ichcds.demo..")
                .layer("AuthServer")
                .definedBy("org.ichcds.authserver..")
                .layer("Web")
                .definedBy("org.ichcds.web..")
                .layer("Training")
                .definedBy("org.ichcds.training..")
                .layer("Pacs")
                .definedBy("org.ichcds.pacs..")
                .layer("Hooks")
                .definedBy("org.ichcds.hooks..")
                .layer("Viewer")
                .definedBy("org.ichcds.viewer..")
                .layer("Analysis")
                .definedBy("org.ichcds.analysis..")
                .layer("Reporting")
                .definedBy("org.ichcds.reporting..")
                .layer("Fhir")
                .definedBy("org.ichcds.fhir..")
                .layer("Inference")
                .definedBy("org.ichcds.inference..")
                .layer("Preprocessing")
                .definedBy("org.ichcds.preprocessing..")
                .layer("Dicom")
                .definedBy("org.ichcds.dicom..")
                .layer("Identifiers")
                .definedBy("org.ichcds.identifiers..")
                .layer("Http")
                .definedBy("org.ichcds.http..")
                .whereLayer("Cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Application")
                .mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Demo")
                .mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("AuthServer")
                .mayOnlyBeAccessedByLayers("Cli", "Demo")
                .whereLayer("Web")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Training")
                .mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Pacs")
                .mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Hooks")
                .mayOnlyBeAccessedByLayers("Cli", "Demo")
                .whereLayer("Viewer")
                .mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Analysis")
                .mayOnlyBeAccessedByLayers("Cli", "Demo", "Training", "Pacs", "Hooks", "Viewer")
                .whereLayer("Reporting")
                .mayOnlyBeAccessedByLayers("Cli", "Demo", "Training", "Pacs", "Hooks", "Viewer", "Analysis")
                .whereLayer("Fhir")
                .mayOnlyBeAccessedByLayers("Cli", "Demo", "Training", "Pacs", "Hooks", "Viewer", "Analysis")
                .whereLayer("Inference")
                .mayOnlyBeAccessedByLayers(
                        "Cli", "Demo", "Training", "Pacs", "Hooks", "Viewer", "Analysis", "Reporting", "Fhir")
                .whereLayer("Preprocessing")
                .mayOnlyBeAccessedByLayers(
                        "Cli",
                        "Demo",
                        "Training",
                        "Pacs",
                        "Hooks",
                        "Viewer",
                        "Analysis",
                        "Reporting",
                        "Fhir",
                        "Inference")
                .whereLayer("Dicom")
                .mayOnlyBeAccessedByLayers(
                        "Cli",
                        "Demo",
                        "Training",
                        "Pacs",
                        "Hooks",
                        "Viewer",
                        "Analysis",
                        "Reporting",
                        "Fhir",
                        "Inference",
                        "Preprocessing")
                .check(classes);
    }

    /** Every package on its own, training's sub-packages included: a future cycle fails the build. */
    @Test
    void noPackageCycles() {
        slices().matching("org.ichcds.(**)").should().beFreeOfCycles().check(classes);
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

    /** Spring components and settings records outside the scanned packages would silently never load. */
    @Test
    void theServerScansItsOwnPackagesAndNothingElse() {
        SpringBootApplication application = IchCdsApplication.class.getAnnotation(SpringBootApplication.class);
        ConfigurationPropertiesScan settings = IchCdsApplication.class.getAnnotation(ConfigurationPropertiesScan.class);
        assertThat(Arrays.asList(application.scanBasePackages())).containsExactlyElementsOf(SERVER);
        assertThat(Arrays.asList(settings.value())).containsExactlyElementsOf(SERVER);

        noClasses()
                .that()
                .areMetaAnnotatedWith(Component.class)
                .or()
                .areAnnotatedWith(ConfigurationProperties.class)
                .should()
                .resideOutsideOfPackages(SERVER.stream().map(p -> p + "..").toArray(String[]::new))
                .allowEmptyShould(true)
                .check(classes.that(not(equivalentTo(IchCdsApplication.class))));
    }
}
