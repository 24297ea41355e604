package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Resource;
import org.ichcds.ItEnvironment;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.reporting.ProfileValidator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CDS Hooks end to end against the real server, a real Orthanc and a (tiny) real model: a phantom study in the PACS,
 * registered in the FHIR store, analysed when {@code study-complete} fires; cards, FHIR results, order-sign, feedback,
 * and the refusals (400, 401, 404, 412).
 */
class CdsHooksIT extends ServerITBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    ItHooks hooks() {
        return new ItHooks(baseUrl(), fhirClient());
    }

    HttpResponse<String> post(String path, Object body, String token) throws Exception {
        return hooks().post(path, body, token);
    }

    String token(String path) {
        return hooks().token(path);
    }

    @Test
    void discoveryListsBothServicesWithoutPrivateSettings() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/cds-services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode services = JSON.readTree(response.body()).get("services");
        assertThat(services)
                .extracting(s -> s.get("id").asText())
                .containsExactly("ich-order-sign", "ich-study-complete");
        assertThat(response.body())
                .doesNotContain("\"ichcds\"")
                .doesNotContain("null")
                .doesNotContain("\"\"");
    }

    @Test
    void studyCompleteFlagsThePhantomAndStoresValidFhirResults() throws Exception {
        ItHooks.Registered study = hooks().registerPositivePhantom(101);
        JsonNode cards = hooks().cardsWhenDone(study);
        JsonNode card = cards.get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("summary").asText().length()).isLessThan(140);
        assertThat(card.get("uuid").asText()).isNotBlank();
        assertThat(card.get("source").get("label").asText())
                .contains(ItEnvironment.SHIPPED_MODEL.getFileName().toString());
        String link = card.get("links").get(0).get("url").asText();
        assertThat(link).startsWith(baseUrl() + "/viewer/analyses/").contains("?token=");
        assertThat(card.get("suggestions")
                        .get(0)
                        .get("actions")
                        .get(0)
                        .get("type")
                        .asText())
                .isEqualTo("create");
        assertThat(card.get("selectionBehavior").asText()).isNotBlank();

        Bundle found = hooks().awaitReports(study.patientId(), 1);
        List<Resource> resources = found.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .toList();
        assertThat(resources).filteredOn(r -> r instanceof DiagnosticReport).hasSize(1);
        assertThat(resources)
                .filteredOn(r -> r.fhirType().equals("Observation"))
                .hasSize(7);
        ProfileValidator validator = ProfileValidator.fromClasspath();
        for (Resource resource : resources) {
            assertThat(validator.errors(resource)).as(resource.fhirType()).isEmpty();
        }
        DiagnosticReport report = (DiagnosticReport) resources.stream()
                .filter(r -> r instanceof DiagnosticReport)
                .findFirst()
                .orElseThrow();
        assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        Bundle provenance = fhirClient()
                .search()
                .byUrl("Provenance?target="
                        + report.getIdElement().toUnqualifiedVersionless().getValue() + "&_include=Provenance:agent")
                .returnBundle(Bundle.class)
                .execute();
        List<Resource> authored = provenance.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .toList();
        assertThat(authored).extracting(Resource::fhirType).containsExactlyInAnyOrder("Provenance", "Device");
        for (Resource resource : authored) {
            assertThat(validator.errors(resource)).as(resource.fhirType()).isEmpty();
        }
        assertThat(report.getImagingStudyFirstRep().getReference())
                .isEqualTo(study.fhir().imagingStudy());

        Integer jobs = jdbc.sql("SELECT COUNT(*) FROM app.analysis_job WHERE study_uid = ? AND status = 'DONE'")
                .param(study.stored().studyUid())
                .query(Integer.class)
                .single();
        assertThat(jobs).isEqualTo(1);
    }

    @Test
    void twentyParallelHooksForOneStudyMakeOneAnalysisAndOneReport() throws Exception {
        ItHooks.Registered study = hooks().registerPositivePhantom(202);
        ExecutorService ehr = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String path = "/cds-services/ich-study-complete";
            Callable<HttpResponse<String>> call = () -> post(path, hooks().studyComplete(study), token(path));
            calls.add(ehr.submit(call));
        }
        for (Future<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
        }
        ehr.shutdown();
        hooks().cardsWhenDone(study);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app.analysis_job WHERE study_uid = ?")
                        .param(study.stored().studyUid())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        Bundle reports = hooks().awaitReports(study.patientId(), 1);
        assertThat(reports.getEntry().stream().filter(e -> e.getResource() instanceof DiagnosticReport))
                .hasSize(1);
    }

    @Test
    void answersRepeatedCallsWithAPrefetchedStudyAndStillChecksEachOne() throws Exception {
        ItHooks.Registered study = hooks().registerPositivePhantom(404);
        hooks().cardsWhenDone(study);
        ObjectNode body = hooks().studyComplete(study);
        ObjectNode prefetch = body.putObject("prefetch");
        prefetch.set("patient", read(study.fhir().patient()));
        prefetch.set("imagingStudy", read(study.fhir().imagingStudy()));
        String path = "/cds-services/ich-study-complete";

        JsonNode first =
                JSON.readTree(post(path, body, token(path)).body()).get("cards").get(0);
        JsonNode second =
                JSON.readTree(post(path, body, token(path)).body()).get("cards").get(0);
        assertThat(first.get("indicator").asText()).isEqualTo("critical");
        assertThat(second.get("summary")).isEqualTo(first.get("summary"));
        // each answer's card is a card of its own to feedback
        assertThat(second.get("uuid")).isNotEqualTo(first.get("uuid"));
        assertThat(second.at("/suggestions/0/uuid")).isNotEqualTo(first.at("/suggestions/0/uuid"));

        ObjectNode otherPatient = body.deepCopy();
        ((ObjectNode) otherPatient.get("context")).put("patientId", "someone-else");
        HttpResponse<String> mismatch = post(path, otherPatient, token(path));
        assertThat(mismatch.statusCode()).isEqualTo(200);
        JsonNode refused = JSON.readTree(mismatch.body()).get("cards").get(0);
        assertThat(refused.get("indicator").asText()).isEqualTo("warning");
        assertThat(refused.get("summary").asText()).contains("the images do not match this patient");

        ObjectNode noUid = body.deepCopy();
        ((ObjectNode) noUid.at("/prefetch/imagingStudy")).remove("identifier");
        JsonNode unusable = JSON.readTree(post(path, noUid, token(path)).body())
                .get("cards")
                .get(0);
        assertThat(unusable.get("indicator").asText()).isEqualTo("warning"); // the images could not be retrieved
    }

    private JsonNode read(String reference) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/" + reference))
                        .header("Accept", "application/fhir+json")
                        .header("Authorization", "Bearer " + environment().adminToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void orderSignWarnsAboutAnAnticoagulantAfterAFlaggedStudy() throws Exception {
        ItHooks.Registered study = hooks().registerPositivePhantom(303);
        hooks().cardsWhenDone(study);
        ObjectNode body = (ObjectNode) HookRequestParserTest.fixture("order-sign-request.json");
        body.set("fhirAuthorization", hooks().fhirAuthorization());
        body.remove("prefetch");
        body.put("fhirServer", baseUrl() + "/fhir");
        ((ObjectNode) body.get("context")).put("patientId", study.patientId());
        String path = "/cds-services/ich-order-sign";
        HttpResponse<String> response = post(path, body, token(path));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode card = JSON.readTree(response.body()).get("cards").get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("summary").asText()).containsIgnoringCase("apixaban");
        JsonNode action = card.get("suggestions").get(0).get("actions").get(0);
        assertThat(action.get("type").asText()).isEqualTo("delete");
        assertThat(action.get("resourceId").asText()).isEqualTo("MedicationRequest/smart-MedicationRequest-103");

        ((ObjectNode) body.get("context")).put("patientId", "no-analysis-" + UUID.randomUUID());
        HttpResponse<String> none = post(path, body, token(path));
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void refusesBadRequestsWithTheRightStatus() throws Exception {
        String path = "/cds-services/ich-study-complete";
        ObjectNode wrongHook = (ObjectNode) HookRequestParserTest.fixture("study-complete-request.json");
        wrongHook.put("hook", "patient-view");
        assertThat(post(path, wrongHook, token(path)).statusCode()).isEqualTo(400);

        ObjectNode noContext = (ObjectNode) HookRequestParserTest.fixture("study-complete-request.json");
        noContext.remove("context");
        HttpResponse<String> missing = post(path, noContext, token(path));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("resourceType").asText()).isEqualTo("OperationOutcome");

        assertThat(post(path, "{\"hook\": ", token(path)).statusCode()).isEqualTo(400);

        ObjectNode noData = (ObjectNode) HookRequestParserTest.fixture("study-complete-request.json");
        noData.remove("fhirServer");
        HttpResponse<String> precondition = post(path, noData, token(path));
        assertThat(precondition.statusCode()).isEqualTo(412);
        assertThat(precondition.body()).contains("no fhirServer");

        String unknown = "/cds-services/no-such-service";
        assertThat(post(unknown, noData, token(unknown)).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesCallsWithoutAValidJwt() throws Exception {
        String path = "/cds-services/ich-study-complete";
        ObjectNode body = (ObjectNode) HookRequestParserTest.fixture("study-complete-request.json");
        assertThat(post(path, body, null).statusCode()).isEqualTo(401);
        String expired = environment()
                .signer
                .sign(
                        baseUrl() + path,
                        Instant.now().minus(Duration.ofMinutes(10)),
                        Duration.ofMinutes(5),
                        UUID.randomUUID().toString());
        assertThat(post(path, body, expired).statusCode()).isEqualTo(401);
        assertThat(post(path, body, token("/cds-services/ich-order-sign")).statusCode())
                .isEqualTo(401);
        CdsTokenSigner stranger = CdsTokenSigner.es384(ItEnvironment.ISSUER);
        HttpResponse<String> unknownKey = post(path, body, stranger.sign(baseUrl() + path));
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(unknownKey.body()).isEmpty();
        String unsigned = java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
                + "." + token(path).split("\\.")[1] + ".";
        assertThat(post(path, body, unsigned).statusCode()).isEqualTo(401);
        String once = token(path);
        post(path, body, once);
        assertThat(post(path, body, once).statusCode()).isEqualTo(401);
    }

    @Test
    void storesFeedback() throws Exception {
        String path = "/cds-services/ich-study-complete/feedback";
        JsonNode feedback = HookRequestParserTest.fixture("feedback-request.json");
        HttpResponse<String> response = post(path, feedback, token(path));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app.cds_feedback WHERE card_uuid = ?")
                        .param("9368d37b-283f-44a0-93ea-547cebab93ed")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(post(path, "{\"card\":\"x\"}", token(path)).statusCode()).isEqualTo(400);
    }
}
