package org.ichcds.reporting;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.ichcds.inference.HemorrhageLabel;

/** The code systems, codes and canonical URLs the FHIR output uses; each defined here once. */
final class Terminology {

    /** Canonical base of the project's conformance resources (fhir-profiles/). */
    static final String BASE = "https://ichcds.org/fhir";

    static final String FINDING_SYSTEM = BASE + "/CodeSystem/ich-finding";
    static final String OVERRIDE_REASON_SYSTEM = BASE + "/CodeSystem/ich-override-reason";
    static final String ANALYSIS_ID_SYSTEM = org.ichcds.identifiers.Identifiers.ANALYSIS_ID_SYSTEM;
    // an Observation's identifier: <analysis id>/<label code>, one per label of an analysis
    static final String FINDING_ID_SYSTEM = BASE + "/sid/analysis-finding";

    static final String REPORT_PROFILE = BASE + "/StructureDefinition/ich-diagnostic-report";
    static final String OBSERVATION_PROFILE = BASE + "/StructureDefinition/ich-finding-observation";
    static final String DEVICE_PROFILE = BASE + "/StructureDefinition/ich-algorithm-device";
    static final String PROVENANCE_PROFILE = BASE + "/StructureDefinition/ich-provenance";

    // the component codes of ich-finding (fhir-profiles/CodeSystem-ich-finding.json)
    static final String PROBABILITY = "probability";
    static final String THRESHOLD = "operating-threshold";
    static final String BOX_SOP_INSTANCE = "box-sop-instance";
    static final String BOX_SLICE = "box-slice-index";
    static final String BOX_X = "box-x";
    static final String BOX_Y = "box-y";
    static final String BOX_WIDTH = "box-width";
    static final String BOX_HEIGHT = "box-height";
    static final String BOX_SCORE = "box-score";

    // FHIR R4 §terminologies-systems and the LOINC/UCUM/DICOM URIs it lists
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";

    // LOINC 30799-1 "CT Head WO contrast" (ich-domain reference §4.3)
    static final String CT_HEAD_LOINC = "30799-1";
    static final String CT_HEAD_DISPLAY = "CT Head WO contrast";

    private Terminology() {}

    /** HL7 v2 table 0074 "RAD": the DiagnosticReport category of radiology. */
    static CodeableConcept radiologyCategory() {
        return concept("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", "Radiology");
    }

    /** FHIR observation-category "imaging". */
    static CodeableConcept imagingCategory() {
        return concept("http://terminology.hl7.org/CodeSystem/observation-category", "imaging", "Imaging");
    }

    /** The AI-asserted security label (HL7 v3 ObservationValue AIAST; AI Transparency on FHIR IG). */
    static Coding aiAsserted() {
        return new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
                "AIAST",
                "Artificial Intelligence asserted");
    }

    /** Provenance agent type "author" (provenance-participant-type). */
    static CodeableConcept authorAgent() {
        return concept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author");
    }

    static CodeableConcept snomed(Snomed concept) {
        return concept(Snomed.SYSTEM, concept.code(), concept.display());
    }

    static Coding finding(String code, String display) {
        return new Coding(FINDING_SYSTEM, code, display);
    }

    /** The label as a concept: the project code, plus the SNOMED CT code where one is verified. */
    static CodeableConcept label(HemorrhageLabel label) {
        var concept = new CodeableConcept(finding(label.code(), label.display())).setText(label.display());
        Snomed.forLabel(label).ifPresent(s -> concept.addCoding(new Coding(Snomed.SYSTEM, s.code(), s.display())));
        return concept;
    }

    static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }
}
