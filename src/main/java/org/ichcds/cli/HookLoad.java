package org.ichcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ichcds.fhir.StudyRegistration;
import org.ichcds.hooks.CdsTokenSigner;

/**
 * The benchmark's EHR: builds hook requests as an EHR sends them (study-complete with the patient and ImagingStudy
 * prefetched, order-sign with an apixaban draft order), signs them, and times them from concurrent clients.
 */
final class HookLoad {

    private final String base;
    private final CdsTokenSigner signer;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();

    HookLoad(String base, CdsTokenSigner signer) {
        this.base = base;
        this.signer = signer;
    }

    /** One call: the request is built and signed before the clock starts. */
    interface Call {
        HttpRequest prepare() throws IOException, InterruptedException;
    }

    Call studyComplete(StudyRegistration.Registered study) throws IOException, InterruptedException {
        ObjectNode body = request("study-complete", study);
        ((ObjectNode) body.get("context"))
                .put("imagingStudyId", study.imagingStudy().substring("ImagingStudy/".length()));
        ObjectNode prefetch = body.putObject("prefetch");
        prefetch.set("patient", read(study.patient()));
        prefetch.set("imagingStudy", read(study.imagingStudy()));
        String text = json.writeValueAsString(body);
        return () -> post("ich-study-complete", text);
    }

    Call orderSign(StudyRegistration.Registered study) throws IOException, InterruptedException {
        ObjectNode body = request("order-sign", study);
        DemoEhr.addApixabanDraft(
                (ObjectNode) body.get("context"), study.patient().substring("Patient/".length()), "Practitioner/bench");
        String text = json.writeValueAsString(body);
        return () -> post("ich-order-sign", text);
    }

    /** Sends the call until the analysis is done (the answer is not "analysis in progress"). */
    void untilDone(StudyRegistration.Registered study) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = send(studyComplete(study).prepare());
            if (!response.body().toLowerCase().contains("in progress")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the analysis did not finish within 5 minutes");
    }

    /** Times a call sent {@code requests} times by each of {@code clients} concurrent clients. */
    Timings concurrent(int clients, int requests, Call call) throws Exception {
        List<HttpRequest> prepared = new ArrayList<>();
        for (int i = 0; i < clients * requests; i++) {
            prepared.add(call.prepare());
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<HttpRequest> mine = prepared.subList(c * requests, (c + 1) * requests);
                results.add(pool.submit(() -> time(mine)));
            }
            double[] all = new double[clients * requests];
            for (int c = 0; c < clients; c++) {
                System.arraycopy(results.get(c).get(), 0, all, c * requests, requests);
            }
            return new Timings(all);
        } finally {
            pool.shutdownNow();
        }
    }

    private double[] time(List<HttpRequest> requests) throws IOException, InterruptedException {
        double[] millis = new double[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            long start = System.nanoTime();
            send(requests.get(i));
            millis[i] = Timings.since(start);
        }
        return millis;
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
        return response;
    }

    private HttpRequest post(String service, String body) {
        String url = base + "/cds-services/" + service;
        String withInstance = body.replace("\"hookInstance\":\"0\"", "\"hookInstance\":\"" + UUID.randomUUID() + "\"");
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + signer.sign(url))
                .POST(HttpRequest.BodyPublishers.ofString(withInstance))
                .build();
    }

    private ObjectNode request(String hook, StudyRegistration.Registered study) {
        ObjectNode body = json.createObjectNode();
        body.put("hook", hook);
        body.put("hookInstance", "0");
        body.put("fhirServer", base + "/fhir");
        body.putObject("context").put("patientId", study.patient().substring("Patient/".length()));
        return body;
    }

    private JsonNode read(String reference) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/fhir/" + reference))
                .header("Accept", "application/fhir+json")
                .build());
        return json.readTree(response.body());
    }
}
