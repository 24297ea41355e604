package org.ichcds.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class BodyLimitsTest {

    private final BodyLimits limits = new BodyLimits(
            DataSize.ofMegabytes(1), DataSize.ofKilobytes(64), DataSize.ofMegabytes(16), DataSize.ofKilobytes(64));

    @Test
    void eachPartOfTheServerHasItsLimit() {
        assertThat(limits.of("/fhir/Patient").bytes()).isEqualTo(16L << 20);
        assertThat(limits.of("/fhir").setting()).isEqualTo("ichcds.web.max-body.fhir");
        assertThat(limits.of("/fhirx").setting()).isEqualTo("ichcds.web.max-body.other");
        assertThat(limits.of("/cds-services/ich-study-complete").bytes()).isEqualTo(1L << 20);
        assertThat(limits.of("/cds-services/ich-study-complete/feedback").bytes())
                .isEqualTo(64L << 10);
        assertThat(limits.of("/viewer/analyses/x").setting()).isEqualTo("ichcds.web.max-body.other");
    }
}
