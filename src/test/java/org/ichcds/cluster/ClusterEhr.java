package org.ichcds.cluster;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.ichcds.ItEnvironment;
import org.ichcds.ItHooks;
import org.ichcds.demo.FhirRest;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomUpload;

/**
 * What the EHR and the site's registration do against the cluster: studies stored in the PACS and registered in FHIR
 * through the balancer, signed study-complete hooks (to the balancer, or to one replica), and what the EHR sees until
 * the cards are final.
 */
final class ClusterEhr {

    static final String STUDY_COMPLETE = "/cds-services/ich-study-complete";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Cluster cluster;
    private final ItEnvironment environment;
    /** Hook bodies and tokens as the EHR makes them for the balancer's URL. */
    final ItHooks hooks;

    ClusterEhr(Cluster cluster) {
        this.cluster = cluster;
        this.environment = cluster.environment;
        this.hooks = new ItHooks(cluster.balancer.baseUrl().toString(), null);
    }

    /** A positive phantom study generated and stored in the PACS (no server needed). */
    static PhantomUpload.Stored storePhantom(long seed) throws Exception {
        ItEnvironment environment = ItEnvironment.get();
        Path scratch = Files.createTempDirectory(environment.dir, "cluster-phantom");
        DicomWebClient pacs = new DicomWebClient(environment.pacs.endpoint(), DicomWebSettings.defaults());
        return new PhantomUpload(new PhantomSettings(seed, 256, 0.5)).upload(true, scratch, pacs);
    }

    /** The stored study registered through the balancer, its Endpoint at the gated proxy in front of the PACS. */
    ItHooks.Registered register(PhantomUpload.Stored stored) {
        FhirRest fhir =
                new FhirRest(cluster.balancer.baseUrl() + "/fhir", FhirContext.forR4Cached(), environment::adminToken);
        StudyRegistration.Registered registered = new StudyRegistration(fhir)
                .register(
                        stored.study().patientId(),
                        "Cluster",
                        cluster.pacs.baseUrl().resolve("dicom-web"),
                        stored.studyUid(),
                        new StudyRegistration.Series(stored.seriesUid(), "HEAD", stored.sopInstanceUids()));
        return new ItHooks.Registered(stored, registered);
    }

    /** study-complete for the study, sent to {@code target} (the balancer or a replica) with a token made for it. */
    HttpResponse<String> studyComplete(URI target, ItHooks.Registered study) throws Exception {
        return post(target, hooks.studyComplete(study), hooks.token(STUDY_COMPLETE));
    }

    /** The same signed call sent to {@code target}: a token is meant for one call only. */
    HttpResponse<String> post(URI target, Object body, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(target.resolve(STUDY_COMPLETE))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(ItHooks.JSON.writeValueAsString(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** What the EHR saw, call by call, until the cards were final: the last answer's cards. */
    record Seen(List<String> answers, JsonNode cards) {
        /** Runs of equal answers: "in progress x5, then critical card". */
        String summary() {
            List<String> runs = new ArrayList<>();
            int i = 0;
            while (i < answers.size()) {
                int j = i;
                while (j < answers.size() && answers.get(j).equals(answers.get(i))) {
                    j++;
                }
                runs.add(answers.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
                i = j;
            }
            return String.join(", then ", runs);
        }
    }

    /** Fires study-complete through the balancer every 300 ms until the cards are no longer "in progress". */
    Seen untilDone(ItHooks.Registered study, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> answers = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response;
            try {
                response = studyComplete(cluster.balancer.baseUrl(), study);
            } catch (java.io.IOException e) {
                response = null;
                answers.add("no answer (" + e.getClass().getSimpleName() + ")");
            }
            if (response == null) {
                Thread.sleep(300);
                continue;
            }
            if (response.statusCode() != 200) {
                answers.add("HTTP " + response.statusCode());
            } else {
                JsonNode cards = ItHooks.JSON.readTree(response.body()).get("cards");
                String summary = cards.get(0).get("summary").asText();
                if (!summary.toLowerCase().contains("in progress")) {
                    answers.add(cards.get(0).get("indicator").asText() + " card");
                    return new Seen(answers, cards);
                }
                answers.add("in progress");
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no final cards within " + limit + "; the EHR saw: " + answers);
    }

    /** A FHIR client of the registration (it may read every resource) through the balancer. */
    IGenericClient fhir() {
        FhirContext context = FhirContext.forR4Cached();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = context.newRestfulGenericClient(cluster.balancer.baseUrl() + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(environment.adminToken()));
        return client;
    }

    /** DiagnosticReports a FHIR search finds: all of them, or a patient's. */
    int reports(String patientId) {
        String query = "DiagnosticReport?_summary=count" + (patientId == null ? "" : "&patient=" + patientId);
        // no-cache: HAPI reuses a search's results for a while, and this count must be today's
        return fhir().search()
                .byUrl(query)
                .returnBundle(Bundle.class)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .execute()
                .getTotal();
    }
}
