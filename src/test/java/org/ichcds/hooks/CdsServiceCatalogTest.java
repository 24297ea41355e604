package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The definitions shipped in cds-services/ load, and discovery never serves the private settings block. */
class CdsServiceCatalogTest {

    @Test
    void loadsBothServicesAndHidesTheirSettings() throws Exception {
        CdsServiceCatalog catalog = new CdsServiceCatalog();
        assertThat(catalog.all())
                .extracting(CdsServiceDefinition::id, CdsServiceDefinition::hook)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ich-order-sign", "order-sign"),
                        org.assertj.core.groups.Tuple.tuple("ich-study-complete", "study-complete"));
        CdsServiceDefinition orderSign = catalog.find("ich-order-sign").orElseThrow();
        assertThat(orderSign.settingsOrEmpty().path("drugs").size()).isGreaterThanOrEqualTo(11);
        assertThat(orderSign.prefetch()).containsKeys("patient", "headCtReports");
        String served = new ObjectMapper().writeValueAsString(orderSign);
        assertThat(served)
                .doesNotContain("\"ichcds\"")
                .doesNotContain("\"drugs\"")
                .contains("usageRequirements");
    }
}
