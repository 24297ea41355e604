package org.ichcds.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.ichcds.inference.HemorrhageLabel;

/** Writes one ich-finding-observation per label (fhir-profiles/StructureDefinition-ich-finding-observation.json). */
final class ObservationWriter {

    // four decimals: finer digits of a model probability carry no information for a reader
    private static final int PROBABILITY_SCALE = 4;

    List<Observation> write(StudyFindings study, String deviceUrl) {
        List<Observation> observations = study.findings().stream()
                .map(finding -> observation(study, finding, deviceUrl))
                .toList();
        // FHIR R4 Observation.hasMember: the "any" result groups the six subtype results
        Observation any = observations.get(HemorrhageLabel.ANY.ordinal());
        observations.stream().skip(1).forEach(o -> any.addHasMember(new Reference(ReportResources.fullUrl(o))));
        return observations;
    }

    private Observation observation(StudyFindings study, LabelFinding finding, String deviceUrl) {
        var o = new Observation();
        o.setId(UUID.randomUUID().toString());
        o.getMeta().addProfile(Terminology.OBSERVATION_PROFILE).addSecurity(Terminology.aiAsserted());
        o.addIdentifier()
                .setSystem(Terminology.FINDING_ID_SYSTEM)
                .setValue(study.analysisId() + "/" + finding.hemorrhageLabel().code());
        o.setStatus(Observation.ObservationStatus.PRELIMINARY);
        o.addCategory(Terminology.imagingCategory());
        o.setCode(Terminology.label(finding.hemorrhageLabel()));
        o.setSubject(new Reference(study.patientReference()));
        o.setIssued(Date.from(study.analysedAt()));
        o.setValue(Terminology.snomed(finding.positive() ? Snomed.PRESENT : Snomed.ABSENT));
        o.setBodySite(Terminology.snomed(Snomed.HEAD_STRUCTURE));
        o.addDerivedFrom(new Reference(study.imagingStudyReference()));
        o.setDevice(new Reference(deviceUrl));
        o.addNote(new Annotation().setText(TriageWording.NOTE));
        o.addComponent(component(Terminology.PROBABILITY, "Model probability", fraction(finding.probability())));
        o.addComponent(component(Terminology.THRESHOLD, "Operating threshold", fraction(finding.threshold())));
        finding.boxes().forEach(box -> addBox(o, box));
        return o;
    }

    /** A box is the run of seven components that starts at box-sop-instance (documented in the profile). */
    private static void addBox(Observation o, BoxFinding box) {
        o.addComponent(
                component(Terminology.BOX_SOP_INSTANCE, "Box SOP Instance UID", new StringType(box.sopInstanceUid())));
        o.addComponent(component(Terminology.BOX_SLICE, "Box slice index", new IntegerType(box.sliceIndex())));
        o.addComponent(component(Terminology.BOX_X, "Box x", new IntegerType(box.x())));
        o.addComponent(component(Terminology.BOX_Y, "Box y", new IntegerType(box.y())));
        o.addComponent(component(Terminology.BOX_WIDTH, "Box width", new IntegerType(box.width())));
        o.addComponent(component(Terminology.BOX_HEIGHT, "Box height", new IntegerType(box.height())));
        o.addComponent(component(Terminology.BOX_SCORE, "Box detector score", fraction(box.score())));
    }

    private static ObservationComponentComponent component(String code, String display, Type value) {
        return new ObservationComponentComponent(new CodeableConcept(Terminology.finding(code, display)))
                .setValue(value);
    }

    /** A dimensionless value from 0 to 1, UCUM unit "1". */
    static Quantity fraction(double value) {
        return new Quantity()
                .setValue(BigDecimal.valueOf(value).setScale(PROBABILITY_SCALE, RoundingMode.HALF_UP))
                .setUnit("1")
                .setSystem(Terminology.UCUM)
                .setCode("1");
    }
}
