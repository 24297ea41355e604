package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * Every constraint of every differential in fhir-profiles/ reaches the generated snapshot. The snapshot generator
 * silently drops differential elements it cannot place (for example when they are out of the base order), and a
 * dropped constraint is never enforced.
 */
class ProfileSnapshotTest {

    @Test
    void everyDifferentialConstraintReachesTheSnapshot() throws IOException {
        var validator = ProfileValidator.fromClasspath();
        var parser = FhirContext.forR4Cached().newJsonParser();
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of("fhir-profiles"))) {
            files = listed.filter(p -> p.getFileName().toString().startsWith("StructureDefinition-"))
                    .toList();
        }
        assertThat(files).hasSize(4);
        for (Path file : files) {
            var profile = parser.parseResource(StructureDefinition.class, Files.readString(file));
            var snapshot = validator.snapshot(profile.getUrl());
            assertThat(snapshot.getSnapshot().getElement()).as(file.toString()).isNotEmpty();
            for (ElementDefinition diff : profile.getDifferential().getElement()) {
                ElementDefinition snap = snapshot.getSnapshot().getElement().stream()
                        .filter(e -> e.getId().equals(diff.getId()))
                        .findFirst()
                        .orElse(null);
                assertThat(snap).as(diff.getId() + " in " + file).isNotNull();
                if (diff.hasMin()) {
                    assertThat(snap.getMin()).as(diff.getId() + " min").isEqualTo(diff.getMin());
                }
                if (diff.hasMax()) {
                    assertThat(snap.getMax()).as(diff.getId() + " max").isEqualTo(diff.getMax());
                }
                if (diff.hasFixed() || diff.hasPattern()) {
                    assertThat(snap.hasFixed() || snap.hasPattern())
                            .as(diff.getId() + " fixed/pattern")
                            .isTrue();
                }
            }
        }
    }
}
