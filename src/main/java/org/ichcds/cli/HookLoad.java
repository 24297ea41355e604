package org.ichcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.demo.StudyRegistration;

/**
 * The benchmark's EHR: builds hook requests as an EHR sends them (study-complete with the patient and ImagingStudy
 * prefetched, order-sign with an apixaban draft order), signs them, and times them from concurrent clients. Each
 * client is a thread with a kept-alive connection (Apache HttpClient, blocking): the client shares the machine with
 * the server it measures, so it should cost little CPU per call.
 */
final class HookLoad implements Closeable {

    private final String base;
    private final CdsTokenSigner signer;
    private final ObjectMapper json = new ObjectMapper();
    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(1_000)
                    .setMaxConnPerRoute(1_000)
                    .build())
            .disableAutomaticRetries()
            .disableCookieManagement()
            .build();

    private final DemoFhirAccess fhirAccess;

    HookLoad(String base, CdsTokenSigner signer, DemoFhirAccess fhirAccess) {
        this.base = base;
        this.signer = signer;
        this.fhirAccess = fhirAccess;
    }

    /** One call: the request is built and signed before the clock starts. */
    interface Call {
        ClassicHttpRequest prepare();
    }

    /** An HTTP answer: status and body. */
    record Answer(int status, String body) {}

    Call studyComplete(StudyRegistration.Registered study) throws IOException {
        ObjectNode body = request("study-complete", study);
        ((ObjectNode) body.get("context"))
                .put("imagingStudyId", study.imagingStudy().substring("ImagingStudy/".length()));
        ObjectNode prefetch = body.putObject("prefetch");
        prefetch.set("patient", read(study.patient()));
        prefetch.set("imagingStudy", read(study.imagingStudy()));
        String text = json.writeValueAsString(body);
        return () -> post("ich-study-complete", text);
    }

    Call orderSign(StudyRegistration.Registered study) throws IOException {
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
            Answer answer = send(studyComplete(study).prepare());
            if (!answer.body().toLowerCase().contains("in progress")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the analysis did not finish within 5 minutes");
    }

    /**
     * Times a call sent {@code requests} times by each of {@code clients} concurrent clients, after an untimed round of
     * the same size (the JIT compiles the path; connections open).
     */
    Load concurrent(int clients, int requests, Call call) throws Exception {
        round(clients, requests, call);
        return round(clients, requests, call);
    }

    /**
     * What a round of calls measured: each call's latency, the wall time of the round, and the CPU time the server's
     * request threads and the whole process (server and clients) spent.
     */
    record Load(Timings timings, double wallSeconds, CpuUse cpu) {

        double callsPerSecond() {
            return timings.millis().length / wallSeconds;
        }

        double serverCpuMillisPerCall() {
            return cpu.serverNanos() / 1e6 / timings.millis().length;
        }

        double processCpuMillisPerCall() {
            return cpu.processNanos() / 1e6 / timings.millis().length;
        }
    }

    private Load round(int clients, int requests, Call call) throws Exception {
        List<ClassicHttpRequest> prepared = new ArrayList<>();
        for (int i = 0; i < clients * requests; i++) {
            prepared.add(call.prepare());
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CpuUse cpuBefore = CpuUse.now();
        long start = System.nanoTime();
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<ClassicHttpRequest> mine = prepared.subList(c * requests, (c + 1) * requests);
                results.add(pool.submit(() -> time(mine)));
            }
            double[] all = new double[clients * requests];
            for (int c = 0; c < clients; c++) {
                System.arraycopy(results.get(c).get(), 0, all, c * requests, requests);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            return new Load(new Timings(all), wall, CpuUse.now().minus(cpuBefore));
        } finally {
            pool.shutdownNow();
        }
    }

    private double[] time(List<ClassicHttpRequest> requests) throws IOException {
        double[] millis = new double[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            long start = System.nanoTime();
            send(requests.get(i));
            millis[i] = Timings.since(start);
        }
        return millis;
    }

    /** Sends a request and reads the whole answer. */
    Answer send(ClassicHttpRequest request) throws IOException {
        Answer answer = http.execute(
                request, response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
        if (answer.status() != 200) {
            throw new IllegalStateException(request.getRequestUri() + " answered " + answer.status());
        }
        return answer;
    }

    private ClassicHttpRequest post(String service, String body) {
        String url = base + "/cds-services/" + service;
        String withInstance = body.replace("\"hookInstance\":\"0\"", "\"hookInstance\":\"" + UUID.randomUUID() + "\"");
        HttpPost post = new HttpPost(url);
        post.setHeader("Authorization", "Bearer " + signer.sign(url));
        post.setEntity(
                new ByteArrayEntity(withInstance.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        return post;
    }

    private ObjectNode request(String hook, StudyRegistration.Registered study) {
        ObjectNode body = json.createObjectNode();
        body.put("hook", hook);
        body.put("hookInstance", "0");
        body.put("fhirServer", base + "/fhir");
        body.set("fhirAuthorization", fhirAccess.fhirAuthorization());
        body.putObject("context").put("patientId", study.patient().substring("Patient/".length()));
        return body;
    }

    private JsonNode read(String reference) throws IOException {
        HttpGet get = new HttpGet(base + "/fhir/" + reference);
        get.setHeader("Accept", "application/fhir+json");
        get.setHeader("Authorization", "Bearer " + fhirAccess.registrarToken());
        return json.readTree(send(get).body());
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
