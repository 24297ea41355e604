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
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The dependency rules of DESIGN.md (Layout) and docs/architecture.md: dependencies run one way, from the command line
 * down to DICOM, with training, the demo's stand-ins and the PACS process beside the server; no package cycles.
 */
class ArchitectureTest {

    /**
     * The layers from top to bottom, each a list of peers with their packages: a layer may use only the layers below
     * it, never its peers. The server is the part from hooks down to dicom.
     */
    private static final List<Map<String, String>> LAYERS = List.of(
            Map.of("Cli", "org.ichcds.cli.."),
            Map.of(
                    "Application", "org.ichcds",
                    "Demo", "org.ichcds.demo..",
                    "AuthServer", "org.ichcds.authserver..",
                    "Training", "org.ichcds.training..",
                    "Pacs", "org.ichcds.pacs.."),
            Map.of(
                    "Hooks", "org.ichcds.hooks..",
                    "Viewer", "org.ichcds.viewer..",
                    "Web", "org.ichcds.web..",
                    "Intake", "org.ichcds.intake.."),
            Map.of("Analysis", "org.ichcds.analysis.."),
            // writing results back to the PACS: analysis hands it the findings; it builds DICOM from reporting's
            // findings and wording and sends with dicom's client, and knows nothing of analysis
            Map.of("Writeback", "org.ichcds.writeback.."),
            Map.of("Reporting", "org.ichcds.reporting..", "Fhir", "org.ichcds.fhir.."),
            Map.of("Inference", "org.ichcds.inference.."),
            Map.of("Preprocessing", "org.ichcds.preprocessing.."),
            Map.of("Dicom", "org.ichcds.dicom.."),
            Map.of(
                    "Identifiers", "org.ichcds.identifiers..",
                    "Http", "org.ichcds.http..",
                    "Audit", "org.ichcds.audit..",
                    "Process", "org.ichcds.process.."));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ichcds");
    }

    /**
     * cli → demo, training, pacs (beside the server) → hooks, viewer → analysis → writeback → reporting, fhir → inference →
     * preprocessing → dicom → identifiers, http, audit, process. Reporting sits above inference because the label order of the model
     * contract ({@code HemorrhageLabel}) names its findings.
     */
    @Test
    void dependenciesRunOneWay() {
        LayeredArchitecture layered = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Map<String, String> peers : LAYERS) {
            for (Map.Entry<String, String> layer : peers.entrySet()) {
                layered = layered.layer(layer.getKey()).definedBy(layer.getValue());
            }
        }
        List<String> above = new ArrayList<>();
        for (Map<String, String> peers : LAYERS) {
            for (String layer : peers.keySet()) {
                layered = above.isEmpty()
                        ? layered.whereLayer(layer).mayNotBeAccessedByAnyLayer()
                        : layered.whereLayer(layer).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
            above.addAll(peers.keySet());
        }
        layered.check(classes);
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

    /**
     * The server scans only its own packages for components and settings records, and there are none elsewhere: the
     * command line, training, the PACS process and the demo's stand-ins are never loaded into it.
     */
    @Test
    void theServerScansItsOwnPackagesAndNothingElse() {
        List<String> scanned = Arrays.asList(IchCdsApplication.class
                .getAnnotation(SpringBootApplication.class)
                .scanBasePackages());
        assertThat(scanned)
                .isNotEmpty()
                .noneMatch(p -> p.matches("org\\.ichcds(\\.(cli|demo|authserver|training|pacs)(\\..*)?)?"));

        noClasses()
                .that()
                .areMetaAnnotatedWith(Component.class)
                .or()
                .areAnnotatedWith(ConfigurationProperties.class)
                .should()
                .resideOutsideOfPackages(scanned.stream().map(p -> p + "..").toArray(String[]::new))
                .allowEmptyShould(true)
                .check(classes.that(not(equivalentTo(IchCdsApplication.class))));
    }
}
