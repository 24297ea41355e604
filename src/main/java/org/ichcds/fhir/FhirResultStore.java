package org.ichcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Stores the FHIR results of an analysis: as one transaction in the local FHIR store, and also on the EHR's FHIR server
 * when {@code ichcds.fhir.ehr-server} is configured. The local store is the record; a failed write to the EHR is
 * logged and does not fail the analysis.
 */
@Component
public class FhirResultStore {

    private static final Logger log = LoggerFactory.getLogger(FhirResultStore.class);

    private final IFhirSystemDao<Bundle, Meta> systemDao;
    private final FhirContext fhirContext;
    private final EhrProperties ehr;

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
        Bundle response = systemDao.transaction(new SystemRequestDetails(), transaction);
        String report = reportReference(response)
                .orElseThrow(() -> new IllegalStateException("the FHIR transaction created no DiagnosticReport"));
        writeToEhr(transaction);
        return report;
    }

    private void writeToEhr(Bundle transaction) {
        if (ehr.ehrServer() == null || ehr.ehrServer().isBlank()) {
            return;
        }
        try {
            IGenericClient client = fhirContext.newRestfulGenericClient(ehr.ehrServer());
            if (ehr.ehrBearerToken() != null && !ehr.ehrBearerToken().isBlank()) {
                client.registerInterceptor(new BearerTokenAuthInterceptor(ehr.ehrBearerToken()));
            }
            client.transaction().withBundle(transaction).execute();
        } catch (RuntimeException e) {
            log.warn(
                    "results not written to the EHR's FHIR server {}: {}",
                    ehr.ehrServer(),
                    e.getClass().getSimpleName());
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
