package org.ichcds.analysis;

import org.hl7.fhir.r4.model.Bundle;
import org.ichcds.inference.ModelManifest;
import org.ichcds.reporting.DiagnosticReportWriter;
import org.ichcds.reporting.ModelIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Stores the model's FHIR Device at start, before the server reports ready. Every report names the Device and
 * conditional-creates it in its own transaction; on a fresh database the first reports of replicas working at once
 * each inserted it, and all but one were refused by the store's uniqueness check (an ERROR in the log, the transaction
 * run again). Written once here, the reports find it. A store that refuses it now only delays that to the first report.
 */
final class ModelDeviceRegistration implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ModelDeviceRegistration.class);

    /** Executes a transaction in the server's FHIR store. */
    interface Store {
        Bundle execute(Bundle transaction);
    }

    private final ModelIdentity model;
    private final Store store;

    ModelDeviceRegistration(ModelManifest manifest, Store store) {
        this.model = FindingsMapper.identity(manifest);
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            Bundle response = store.execute(new DiagnosticReportWriter().deviceTransaction(model));
            String status = response.getEntryFirstRep().getResponse().getStatus();
            log.info(
                    "model Device of {} {} {} in the FHIR store",
                    model.id(),
                    model.version(),
                    status != null && status.startsWith("201") ? "stored" : "found");
        } catch (RuntimeException e) {
            log.warn(
                    "the model's Device could not be stored at start; the first report stores it: {}",
                    e.getClass().getSimpleName());
        }
    }
}
