package org.ichcds.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.ichcds.ServerITBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The FHIR store on H2: metadata, create, read, search with _include; health; Flyway's own schema. */
class FhirStoreIT extends ServerITBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void metadataAnnouncesFhir401() {
        CapabilityStatement capabilities =
                fhirClient().capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getRestFirstRep().getResource())
                .extracting(r -> r.getType())
                .contains("DiagnosticReport", "ImagingStudy", "Endpoint", "Observation");
    }

    @Test
    void createReadAndSearchDiagnosticReportByPatient() {
        FhirStoreScenario scenario =
                new FhirStoreScenario(fhirClient(environment().fullAccessToken()));
        scenario.assertRoundTrip();
    }

    @Test
    void readinessCoversTheDatabase() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"UP\"");
    }

    @Test
    void applicationTablesLiveInTheirOwnSchema() {
        Integer jobs = jdbc.sql("SELECT COUNT(*) FROM app.analysis_job")
                .query(Integer.class)
                .single();
        assertThat(jobs).isNotNull();
        Integer hapiTablesInApp = jdbc.sql(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE UPPER(table_schema) = 'APP'"
                                + " AND UPPER(table_name) LIKE 'HFJ_%'")
                .query(Integer.class)
                .single();
        assertThat(hapiTablesInApp).isZero();
    }
}
