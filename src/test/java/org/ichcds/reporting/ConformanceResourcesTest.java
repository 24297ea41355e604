package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

/** The enums in the code and the CodeSystems/ValueSets in fhir-profiles/ say the same thing. */
class ConformanceResourcesTest {

    private static <T extends org.hl7.fhir.r4.model.Resource> T read(Class<T> type, String file) throws IOException {
        return FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(type, Files.readString(Path.of("fhir-profiles", file)));
    }

    @Test
    void findingCodeSystemHasTheLabelsInOrderAndEveryComponentCode() throws IOException {
        var cs = read(CodeSystem.class, "CodeSystem-ich-finding.json");
        assertThat(cs.getUrl()).isEqualTo(Terminology.FINDING_SYSTEM);
        List<ConceptDefinitionComponent> concepts = cs.getConcept();
        assertThat(concepts.subList(0, 7))
                .extracting(c -> c.getCode() + "=" + c.getDisplay())
                .containsExactlyElementsOf(Stream.of(HemorrhageLabel.values())
                        .map(l -> l.code() + "=" + l.display())
                        .toList());
        assertThat(concepts)
                .extracting(ConceptDefinitionComponent::getCode)
                .contains(
                        Terminology.PROBABILITY,
                        Terminology.THRESHOLD,
                        Terminology.BOX_SOP_INSTANCE,
                        Terminology.BOX_SLICE,
                        Terminology.BOX_X,
                        Terminology.BOX_Y,
                        Terminology.BOX_WIDTH,
                        Terminology.BOX_HEIGHT,
                        Terminology.BOX_SCORE);
        assertThat(cs.getCount()).isEqualTo(concepts.size());
        // the CodeSystem says which labels have no verified SNOMED CT code
        assertThat(cs.getDescription()).contains("epidural, intraventricular or chronic");
    }

    @Test
    void labelValueSetCarriesExactlyTheVerifiedSnomedCodes() throws IOException {
        var vs = read(ValueSet.class, "ValueSet-ich-finding-label.json");
        var snomedInclude = vs.getCompose().getInclude().stream()
                .filter(i -> Snomed.SYSTEM.equals(i.getSystem()))
                .findFirst()
                .orElseThrow();
        assertThat(snomedInclude.getConcept())
                .extracting(c -> c.getCode())
                .containsExactlyElementsOf(Stream.of(HemorrhageLabel.values())
                        .flatMap(l -> Snomed.forLabel(l).stream())
                        .map(Snomed::code)
                        .toList());
    }

    @Test
    void overrideReasonCodeSystemMatchesTheCards() throws IOException {
        var cs = read(CodeSystem.class, "CodeSystem-ich-override-reason.json");
        assertThat(cs.getUrl()).isEqualTo(Terminology.OVERRIDE_REASON_SYSTEM);
        assertThat(cs.getConcept())
                .extracting(c -> c.getCode() + "=" + c.getDisplay())
                .containsExactlyElementsOf(Stream.of(OverrideReason.values())
                        .map(r -> r.code() + "=" + r.display())
                        .toList());
    }

    @Test
    void everyArtifactSitsUnderTheProjectCanonicalBase() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("fhir-profiles"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                String text = Files.readString(file);
                if (!file.getFileName().toString().contains("v3-ObservationValue")) {
                    assertThat(text).as(file.toString()).contains("\"url\": \"https://ichcds.org/fhir/");
                }
            }
        }
    }
}
