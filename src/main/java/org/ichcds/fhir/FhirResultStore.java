package org.ichcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.ichcds.http.OutgoingHttp;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Stores the FHIR results of an analysis: as one transaction in the local FHIR store, and delivers the same transaction
 * to the EHR's FHIR server when {@code ichcds.fhir.ehr-server} is configured. The local store is the record; the
 * analysis layer queues deliveries to the EHR in an outbox and retries them until the EHR accepts one.
 */
@Component
public class FhirResultStore {

    // FHIR R4 §3.1.0.1.2: the JSON media type
    private static final ContentType FHIR_JSON = ContentType.create("application/fhir+json", "UTF-8");
    // the same timeouts HAPI's FHIR client used for this call
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    // a transaction that lost a race on a conditional create is run again this many times in all
    private static final int CONFLICT_ATTEMPTS = 3;

    private final IFhirSystemDao<Bundle, Meta> systemDao;
    private final FhirContext fhirContext;
    private final EhrProperties ehr;
    private final CloseableHttpClient http = OutgoingHttp.shared(TIMEOUT, TIMEOUT);

    FhirResultStore(IFhirSystemDao<Bundle, Meta> systemDao, FhirContext fhirContext, EhrProperties ehr) {
        this.systemDao = systemDao;
        this.fhirContext = fhirContext;
        this.ehr = ehr;
    }

    /**
     * The EHR's FHIR server that results are also written to ({@code ichcds.fhir.*}).
     *
     * @param ehrServer base URL; empty: results stay in the local store only
     * @param ehrBearerToken bearer token for it, if it needs one
     */
    @ConfigurationProperties("ichcds.fhir")
    record EhrProperties(String ehrServer, String ehrBearerToken) {
        @Override
        public String toString() {
            return "EhrProperties[ehrServer=" + ehrServer + "]";
        }
    }

    /**
     * Executes the transaction and returns the DiagnosticReport it created, as {@code DiagnosticReport/<id>}.
     *
     * @throws IllegalStateException when the transaction created no DiagnosticReport
     */
    public String save(Bundle transaction) {
        return reportReference(execute(transaction))
                .orElseThrow(() -> new IllegalStateException("the FHIR transaction created no DiagnosticReport"));
    }

    /** Executes a transaction of conditional creates (the model's Device at start, say) and returns its response. */
    public Bundle execute(Bundle transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return systemDao.transaction(new SystemRequestDetails(), transaction);
            } catch (ResourceVersionConflictException e) {
                // two servers' first reports both conditional-create the model's Device (or the same report): the one
                // that commits second is refused by the store's uniqueness check. Run again, the conditional creates
                // then find what the other wrote; nothing is written twice.
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 150) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing results", e);
        }
    }

    /** Whether results also go to the EHR's FHIR server. */
    public boolean ehrConfigured() {
        return ehr.ehrServer() != null && !ehr.ehrServer().isBlank();
    }

    /** The transaction as FHIR JSON, the form it is queued and delivered in. */
    public String encode(Bundle transaction) {
        return fhirContext.newJsonParser().encodeResourceToString(transaction);
    }

    /**
     * POSTs a transaction (FHIR JSON) to the EHR's FHIR server.
     *
     * @throws IOException when the EHR cannot be reached or does not answer 2xx (the message names the status only)
     */
    public void deliverToEhr(String transactionJson) throws IOException {
        if (!ehrConfigured()) {
            throw new IllegalStateException("no EHR FHIR server is configured (ichcds.fhir.ehr-server)");
        }
        // FHIR R4 §3.1.0.11: a transaction is a Bundle POSTed to the server's base URL
        HttpPost post = new HttpPost(URI.create(ehr.ehrServer().replaceAll("/+$", "")));
        post.setHeader(HttpHeaders.ACCEPT, FHIR_JSON.getMimeType());
        if (ehr.ehrBearerToken() != null && !ehr.ehrBearerToken().isBlank()) {
            post.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ehr.ehrBearerToken());
        }
        post.setEntity(new StringEntity(transactionJson, FHIR_JSON));
        int status = http.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
        if (status < 200 || status >= 300) {
            throw new IOException("the EHR's FHIR server answered " + status);
        }
    }

    private static Optional<String> reportReference(Bundle response) {
        return response.getEntry().stream()
                .map(e -> e.getResponse().getLocation())
                .filter(location -> location != null && location.startsWith("DiagnosticReport/"))
                .map(location -> new IdType(location).toUnqualifiedVersionless().getValue())
                .findFirst();
    }
}
