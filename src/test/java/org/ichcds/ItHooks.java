package org.ichcds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.ichcds.demo.FhirRest;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomUpload;

/** What the integration tests do as an EHR: store and register phantom studies, fire signed hooks. */
public final class ItHooks {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    private final IGenericClient fhir;
    private final ItEnvironment environment = ItEnvironment.get();

    public ItHooks(String baseUrl, IGenericClient fhir) {
        this.baseUrl = baseUrl;
        this.fhir = fhir;
    }

    /** A positive phantom study stored in the PACS and registered in the FHIR store. */
    public record Registered(PhantomUpload.Stored stored, StudyRegistration.Registered fhir) {
        public String patientId() {
            return fhir.patient().substring("Patient/".length());
        }

        public String imagingStudyId() {
            return fhir.imagingStudy().substring("ImagingStudy/".length());
        }
    }

    public Registered registerPositivePhantom(long seed) throws Exception {
        return registerPositivePhantom(seed, environment.pacs.dicomWebBase());
    }

    /** A positive phantom stored in the tests' PACS, its ImagingStudy's Endpoint at {@code dicomWebBase}. */
    public Registered registerPositivePhantom(long seed, URI dicomWebBase) throws Exception {
        Path scratch = Files.createTempDirectory(environment.dir, "phantom");
        DicomWebClient pacs = new DicomWebClient(environment.pacs.endpoint(), DicomWebSettings.defaults());
        PhantomUpload.Stored stored =
                new PhantomUpload(new PhantomSettings(seed, 256, 0.5)).upload(true, scratch, pacs);
        StudyRegistration.Registered registered = new StudyRegistration(registrar())
                .register(
                        stored.study().patientId(),
                        "Test",
                        dicomWebBase,
                        stored.studyUid(),
                        new StudyRegistration.Series(stored.seriesUid(), "HEAD", stored.sopInstanceUids()));
        return new Registered(stored, registered);
    }

    /** FHIR calls with the administrating client's token, as a site's registration would make them. */
    private FhirRest registrar() {
        return new FhirRest(baseUrl + "/fhir", FhirContext.forR4Cached(), environment::adminToken);
    }

    /** The same stored study registered again, under a new Patient with this MRN (an identifier without one). */
    public Registered registerAgain(Registered study, String mrn) {
        return registerCopy(study, mrn, environment.pacs.dicomWebBase());
    }

    /** The same stored study registered again for its patient's MRN, with an Endpoint at another address. */
    public Registered registerElsewhere(Registered study, java.net.URI dicomWebBase) {
        return registerCopy(study, study.stored().study().patientId(), dicomWebBase);
    }

    /** A positive phantom study written as DICOM files under a new scratch folder, neither stored nor registered. */
    public PhantomUpload.Stored writePositivePhantom(long seed, Path scratch) {
        return new PhantomUpload(new PhantomSettings(seed, 256, 0.5)).write(true, scratch);
    }

    /** A study registered under a new Patient with this MRN (none when null), its Endpoint at this address. */
    public Registered registerCopy(Registered study, String mrn, java.net.URI dicomWebBase) {
        StudyRegistration.Registered registered = new StudyRegistration(registrar())
                .register(
                        mrn,
                        "Copy",
                        dicomWebBase,
                        study.stored().studyUid(),
                        new StudyRegistration.Series(
                                study.stored().seriesUid(),
                                "HEAD",
                                study.stored().sopInstanceUids()));
        return new Registered(study.stored(), registered);
    }

    public ObjectNode studyComplete(Registered study) {
        ObjectNode body = JSON.createObjectNode();
        body.put("hook", "study-complete");
        body.put("hookInstance", UUID.randomUUID().toString());
        body.put("fhirServer", baseUrl + "/fhir");
        body.set("fhirAuthorization", fhirAuthorization());
        ObjectNode context = body.putObject("context");
        context.put("patientId", study.patientId());
        context.put("imagingStudyId", study.imagingStudyId());
        return body;
    }

    /** The EHR's access to its FHIR server, as CDS Hooks 2.0 §fhir-resource-access sends it. */
    public ObjectNode fhirAuthorization() {
        ObjectNode authorization = JSON.createObjectNode();
        authorization.put("access_token", environment.ehrToken());
        authorization.put("token_type", "Bearer");
        authorization.put("expires_in", 300);
        authorization.put("scope", String.join(" ", ItEnvironment.EHR_SCOPES));
        authorization.put("subject", ItEnvironment.EHR_CLIENT);
        return authorization;
    }

    public HttpResponse<String> post(String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fresh token of the trusted test client for the endpoint at {@code path}. */
    public String token(String path) {
        return environment.signer.sign(baseUrl + path);
    }

    /** Fires study-complete until the analysis is done (the first calls may answer "in progress"). */
    public JsonNode cardsWhenDone(Registered study) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String path = "/cds-services/ich-study-complete";
        while (true) {
            HttpResponse<String> response = post(path, studyComplete(study), token(path));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode cards = JSON.readTree(response.body()).get("cards");
            if (!cards.get(0).get("summary").asText().toLowerCase().contains("in progress")
                    || Instant.now().isAfter(deadline)) {
                return cards;
            }
            Thread.sleep(300);
        }
    }

    /**
     * The patient's DiagnosticReports with their Observations, once at least {@code count} are written: a report is
     * written just after the answer, so a test reads it after the card by waiting for it (up to 60 s).
     */
    public org.hl7.fhir.r4.model.Bundle awaitReports(String patientId, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            org.hl7.fhir.r4.model.Bundle found = fhir.search()
                    .byUrl("DiagnosticReport?patient=" + patientId + "&_include=DiagnosticReport:result")
                    .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                    .execute();
            long reports = found.getEntry().stream()
                    .filter(e -> e.getResource() instanceof org.hl7.fhir.r4.model.DiagnosticReport)
                    .count();
            if (reports >= count) {
                return found;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(reports + " DiagnosticReport(s) of the patient after 60 s, not " + count);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
