package org.ichcds.reporting;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.ichcds.inference.HemorrhageLabel;

/**
 * The FHIR resources of one analysis. Each resource's id is a fresh UUID, and the resources reference each other by
 * {@code urn:uuid:<id>} ({@link #fullUrl(Resource)}), the form a transaction Bundle resolves (FHIR R4 §3.1.0.11.2).
 *
 * @param observations one per label, in label order
 */
public record ReportResources(
        DiagnosticReport report, List<Observation> observations, Device device, Provenance provenance) {

    public ReportResources {
        observations = List.copyOf(observations);
    }

    /** The {@code urn:uuid:} full URL that the other resources of this set use to reference {@code resource}. */
    static String fullUrl(Resource resource) {
        return "urn:uuid:" + resource.getIdElement().getIdPart();
    }

    /** The Observation of one label. */
    Observation observation(HemorrhageLabel label) {
        return observations.get(label.ordinal());
    }

    /** Every resource: the Device, the Observations, the report, then the Provenance. */
    List<Resource> all() {
        var all = new ArrayList<Resource>();
        all.add(device);
        all.addAll(observations);
        all.add(report);
        all.add(provenance);
        return List.copyOf(all);
    }
}
