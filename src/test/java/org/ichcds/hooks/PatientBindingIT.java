package org.ichcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.ichcds.ItHooks;
import org.ichcds.ServerITBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An analysis belongs to one patient. The phantom generator is deterministic, so the same StudyInstanceUID can be
 * registered under a second patient, as a mix-up in an EHR or a hostile client would: the second patient must never
 * see the first one's result, and images that name another patient give no result at all.
 */
class PatientBindingIT extends ServerITBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STUDY_COMPLETE = "/cds-services/ich-study-complete";

    @Autowired
    JdbcClient jdbc;

    ItHooks hooks() {
        return new ItHooks(baseUrl(), fhirClient());
    }

    @Test
    void theSameStudyUnderASecondPatientIsAnalysedForThatPatientAlone() throws Exception {
        ItHooks.Registered first = hooks().registerPositivePhantom(505);
        JsonNode firstCard = hooks().cardsWhenDone(first).get(0);
        assertThat(firstCard.get("indicator").asText()).isEqualTo("critical");
        // the second patient carries the images' PatientID too (a duplicate registration of the same person)
        ItHooks.Registered second =
                hooks().registerAgain(first, first.stored().study().patientId());

        JsonNode secondCard = hooks().cardsWhenDone(second).get(0);

        assertThat(secondCard.get("indicator").asText()).isEqualTo("critical");
        JsonNode report =
                JSON.readTree(secondCard.at("/suggestions/0/actions/0/resource").toString());
        assertThat(report.at("/subject/reference").asText()).endsWith("Patient/" + second.patientId());
        assertThat(secondCard.toString()).doesNotContain(first.patientId());
        assertThat(analyses(first.stored().studyUid())).isEqualTo(2);
        hooks().awaitReports(second.patientId(), 1);
        hooks().awaitReports(first.patientId(), 1);
        assertThat(reportsOf(second.patientId())).isEqualTo(1);
        assertThat(reportsOf(first.patientId())).isEqualTo(1);

        // order-sign for the second patient uses the second patient's own analysis
        ObjectNode order = (ObjectNode) HookRequestParserTest.fixture("order-sign-request.json");
        order.set("fhirAuthorization", hooks().fhirAuthorization());
        order.remove("prefetch");
        order.put("fhirServer", baseUrl() + "/fhir");
        ((ObjectNode) order.get("context")).put("patientId", second.patientId());
        String path = "/cds-services/ich-order-sign";
        HttpResponse<String> warned = hooks().post(path, order, hooks().token(path));
        assertThat(warned.statusCode()).as(warned.body()).isEqualTo(200);
        assertThat(JSON.readTree(warned.body()).at("/cards/0/indicator").asText())
                .isEqualTo("critical");
    }

    @Test
    void imagesWhosePatientIdIsNoneOfThePatientsIdentifiersGiveNoResult() throws Exception {
        ItHooks.Registered first = hooks().registerPositivePhantom(606);
        ItHooks.Registered stranger = hooks().registerAgain(first, "MRN-OF-SOMEONE-ELSE");

        JsonNode card = hooks().cardsWhenDone(stranger).get(0);

        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).contains("the images do not match this patient");
        assertThat(card.has("suggestions")).isFalse();
        assertThat(card.has("links")).isFalse();
        assertThat(reportsOf(stranger.patientId())).isZero();
        assertThat(jdbc.sql("SELECT error_kind FROM app.analysis_job WHERE patient_ref = ?")
                        .param("Patient/" + stranger.patientId())
                        .query(String.class)
                        .single())
                .isEqualTo("PATIENT_MISMATCH");
    }

    @Test
    void aPatientWithoutIdentifiersIsBoundByTheStudysSubjectAlone() throws Exception {
        ItHooks.Registered first = hooks().registerPositivePhantom(707);
        ItHooks.Registered anonymous = hooks().registerAgain(first, null);

        JsonNode card = hooks().cardsWhenDone(anonymous).get(0);

        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        hooks().awaitReports(anonymous.patientId(), 1);
        assertThat(reportsOf(anonymous.patientId())).isEqualTo(1);
    }

    @Test
    void anImagingStudyWithoutSubjectOrOfAnotherPatientGetsAWarningAndNoAnalysis() throws Exception {
        ItHooks.Registered study = hooks().registerPositivePhantom(808);
        ImagingStudy orphan = fhirClient()
                .read()
                .resource(ImagingStudy.class)
                .withId(study.fhir().imagingStudy())
                .execute();
        orphan.setSubject(null);
        orphan.setId((IdType) null);
        String orphanId =
                fhirClient().create().resource(orphan).execute().getId().getIdPart();

        ObjectNode noSubject = hooks().studyComplete(study);
        ((ObjectNode) noSubject.get("context")).put("imagingStudyId", orphanId);
        JsonNode refused = post(noSubject);

        ObjectNode otherPatient = hooks().studyComplete(study);
        ((ObjectNode) otherPatient.get("context"))
                .put("patientId", hooks().registerAgain(study, "X").patientId());
        JsonNode notTheirs = post(otherPatient);

        for (JsonNode answer : new JsonNode[] {refused, notTheirs}) {
            JsonNode card = answer.get("cards").get(0);
            assertThat(card.get("indicator").asText()).isEqualTo("warning");
            assertThat(card.get("summary").asText()).contains("the images do not match this patient");
        }
        assertThat(analyses(study.stored().studyUid())).isZero();
    }

    private JsonNode post(ObjectNode body) throws Exception {
        HttpResponse<String> response = hooks().post(STUDY_COMPLETE, body, hooks().token(STUDY_COMPLETE));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int analyses(String studyUid) {
        return jdbc.sql("SELECT COUNT(*) FROM app.analysis_job WHERE study_uid = ?")
                .param(studyUid)
                .query(Integer.class)
                .single();
    }

    private int reportsOf(String patientId) {
        return fhirClient()
                .search()
                .byUrl("DiagnosticReport?patient=" + patientId)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .filter(e -> e.getResource() instanceof DiagnosticReport)
                .toList()
                .size();
    }
}
