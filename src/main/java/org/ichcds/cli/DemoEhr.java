package org.ichcds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.http.OutgoingHttp;

/**
 * The demo's stand-in for an EHR: fires CDS Hooks at the server with its own signed JWTs (the server trusts the
 * public key it writes) and prints the cards as a clinician would see them.
 */
final class DemoEhr {

    static final String ISSUER = "urn:ichcds:demo-ehr";

    private final String base;
    private final CdsTokenSigner signer;
    private final PrintWriter out;
    private final ObjectMapper json = new ObjectMapper();
    private final CloseableHttpClient http = OutgoingHttp.shared(Duration.ofSeconds(10), Duration.ofMinutes(2));
    private final Supplier<ObjectNode> fhirAuthorization;

    /** @param fhirAuthorization the EHR's FHIR access sent with each hook (CDS Hooks 2.0 §fhir-resource-access) */
    DemoEhr(String base, CdsTokenSigner signer, PrintWriter out, Supplier<ObjectNode> fhirAuthorization) {
        this.base = base;
        this.signer = signer;
        this.out = out;
        this.fhirAuthorization = fhirAuthorization;
    }

    /** Fires study-complete until the analysis is done; returns the first card. */
    JsonNode studyComplete(String patientId, String imagingStudyId) throws IOException, InterruptedException {
        ObjectNode body = request("study-complete", patientId);
        ((ObjectNode) body.get("context")).put("imagingStudyId", imagingStudyId);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            JsonNode card = call("ich-study-complete", body).get("cards").get(0);
            boolean inProgress = card.get("summary").asText().toLowerCase().contains("in progress");
            if (!inProgress || Instant.now().isAfter(deadline)) {
                return card;
            }
            out.println("  (card: " + card.get("summary").asText() + " ... asking again)");
            out.flush();
            Thread.sleep(1000);
        }
    }

    /** Fires order-sign with a draft order of apixaban 5 mg (RxNorm 1364445); returns the cards. */
    JsonNode orderSignApixaban(String patientId) throws IOException {
        ObjectNode body = request("order-sign", patientId);
        addApixabanDraft((ObjectNode) body.get("context"), patientId, "Practitioner/demo");
        return call("ich-order-sign", body).get("cards");
    }

    /** order-sign's context: the user and a draft MedicationRequest of apixaban 5 mg (RxNorm 1364445). */
    static void addApixabanDraft(ObjectNode context, String patientId, String userId) {
        context.put("userId", userId);
        ObjectNode order = context.putObject("draftOrders")
                .put("resourceType", "Bundle")
                .put("type", "collection")
                .putArray("entry")
                .addObject()
                .putObject("resource");
        order.put("resourceType", "MedicationRequest")
                .put("id", "draft-apixaban")
                .put("status", "draft")
                .put("intent", "order");
        order.putObject("subject").put("reference", "Patient/" + patientId);
        ObjectNode medication = order.putObject("medicationCodeableConcept").put("text", "apixaban 5 MG Oral Tablet");
        medication
                .putArray("coding")
                .addObject()
                .put("system", "http://www.nlm.nih.gov/research/umls/rxnorm")
                .put("code", "1364445")
                .put("display", "apixaban 5 MG Oral Tablet");
    }

    void print(JsonNode card) {
        out.println("  [" + card.get("indicator").asText().toUpperCase() + "] "
                + card.get("summary").asText());
        out.println("  source: " + card.path("source").path("label").asText());
        for (JsonNode link : card.path("links")) {
            out.println(
                    "  " + link.get("label").asText() + ": " + link.get("url").asText());
        }
        for (JsonNode suggestion : card.path("suggestions")) {
            out.println("  suggestion: " + suggestion.get("label").asText());
        }
        out.flush();
    }

    private ObjectNode request(String hook, String patientId) {
        ObjectNode body = json.createObjectNode();
        body.put("hook", hook);
        body.put("hookInstance", UUID.randomUUID().toString());
        body.put("fhirServer", base + "/fhir");
        body.set("fhirAuthorization", fhirAuthorization.get());
        body.putObject("context").put("patientId", patientId);
        return body;
    }

    private JsonNode call(String service, ObjectNode body) throws IOException {
        String url = base + "/cds-services/" + service;
        body.put("hookInstance", UUID.randomUUID().toString());
        HttpPost post = new HttpPost(url);
        post.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + signer.sign(url));
        post.setEntity(new StringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON));
        String answer = http.execute(post, response -> {
            String text = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            if (response.getCode() != 200) {
                throw new IllegalStateException(service + " answered " + response.getCode() + ": " + text);
            }
            return text;
        });
        return json.readTree(answer);
    }
}
