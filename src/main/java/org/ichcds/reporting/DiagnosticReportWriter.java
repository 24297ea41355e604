package org.ichcds.reporting;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Media;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ichcds.identifiers.Identifiers;

/**
 * Turns the findings of one analysed study into FHIR R4 resources that conform to the profiles in
 * {@code fhir-profiles/}: a preliminary DiagnosticReport, one Observation per label, the model's Device and a
 * Provenance. Stateless and thread-safe.
 */
public final class DiagnosticReportWriter {

    private final ObservationWriter observations = new ObservationWriter();
    private final ProvenanceWriter provenance = new ProvenanceWriter();

    /** The resources of one analysis, cross-referenced by {@code urn:uuid:} full URLs. */
    public ReportResources build(StudyFindings study) {
        return build(study, List.of());
    }

    /**
     * The same, the report linking the objects written back to the PACS for it: the SR as a {@code presentedForm} (the
     * report itself, as DICOM), the presentation state as {@code media} (a contained Media with its WADO-RS URL).
     */
    public ReportResources build(StudyFindings study, List<PacsObject> pacsObjects) {
        if (study.patientReference() == null || study.imagingStudyReference() == null) {
            throw new IllegalArgumentException("a report needs the Patient and the ImagingStudy it is about");
        }
        Device device = provenance.device(study.model());
        List<Observation> results = observations.write(study, ReportResources.fullUrl(device));
        DiagnosticReport report = report(study, results);
        pacsObjects.forEach(o -> link(report, o));
        List<Resource> targets = new ArrayList<>(results);
        targets.add(0, report);
        Provenance record = provenance.provenance(study, device, targets);
        return new ReportResources(report, results, device, record);
    }

    /**
     * A transaction Bundle that stores the resources once per analysis, however often it is executed: every entry is a
     * conditional create (FHIR R4 §3.1.0.8.1). The DiagnosticReport is matched on its analysis identifier, each
     * Observation on its {@code <analysis id>/<label>} identifier, the Provenance on its target report, and the Device
     * on its UID (one Device per model version). A retry, or a second server writing the same analysis, finds the
     * resources of the first write and creates nothing.
     */
    public Bundle asTransaction(ReportResources resources) {
        var bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        entry(bundle, resources.device(), identified(resources.device().getIdentifierFirstRep()));
        resources.observations().forEach(o -> entry(bundle, o, identified(o.getIdentifierFirstRep())));
        entry(bundle, resources.report(), identified(resources.report().getIdentifierFirstRep()));
        // the report's placeholder resolves to the report created or found by the entry above
        entry(bundle, resources.provenance(), "target=" + ReportResources.fullUrl(resources.report()));
        return bundle;
    }

    /**
     * A transaction Bundle that stores the model's Device alone, once however often it is executed (conditional create
     * on its UID, as in {@link #asTransaction}): written at start, so that the reports find it rather than each create
     * it.
     */
    public Bundle deviceTransaction(ModelIdentity model) {
        var bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Device device = provenance.device(model);
        entry(bundle, device, identified(device.getIdentifierFirstRep()));
        return bundle;
    }

    private static String identified(Identifier identifier) {
        return "identifier=" + identifier.getSystem() + "|" + identifier.getValue();
    }

    private static void entry(Bundle bundle, Resource resource, String ifNoneExist) {
        entry(bundle, resource).getRequest().setIfNoneExist(ifNoneExist);
    }

    private static Bundle.BundleEntryComponent entry(Bundle bundle, Resource resource) {
        var entry =
                bundle.addEntry().setFullUrl(ReportResources.fullUrl(resource)).setResource(resource);
        entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
        return entry;
    }

    /** FHIR R4 DiagnosticReport.presentedForm and .media, both Attachments of {@code application/dicom}. */
    private static void link(DiagnosticReport report, PacsObject object) {
        var attachment = new Attachment().setContentType("application/dicom").setUrl(object.retrieveUrl());
        if (object.kind() == PacsObject.Kind.STRUCTURED_REPORT) {
            report.addPresentedForm(attachment.setTitle("DICOM SR (TID 1500) of this result: " + TriageWording.NOTE));
            return;
        }
        var media = new Media();
        media.setId("gsps");
        media.setStatus(Media.MediaStatus.COMPLETED);
        media.setSubject(report.getSubject().copy());
        media.addIdentifier().setSystem(Identifiers.DICOM_UID_SYSTEM).setValue("urn:oid:" + object.sopInstanceUid());
        media.setContent(attachment.setTitle("DICOM presentation state: the boxes on the flagged slices"));
        report.addContained(media);
        report.addMedia().setComment("AI boxes (GSPS)").setLink(new Reference("#gsps"));
    }

    private static DiagnosticReport report(StudyFindings study, List<Observation> results) {
        var report = new DiagnosticReport();
        report.setId(UUID.randomUUID().toString());
        report.getMeta().addProfile(Terminology.REPORT_PROFILE).addSecurity(Terminology.aiAsserted());
        report.addIdentifier().setSystem(Terminology.ANALYSIS_ID_SYSTEM).setValue(study.analysisId());
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        report.addCategory(Terminology.radiologyCategory());
        report.setCode(Terminology.concept(Terminology.LOINC, Terminology.CT_HEAD_LOINC, Terminology.CT_HEAD_DISPLAY));
        report.setSubject(new Reference(study.patientReference()));
        report.setIssued(Date.from(study.analysedAt()));
        report.addImagingStudy(new Reference(study.imagingStudyReference()));
        results.forEach(o -> report.addResult(new Reference(ReportResources.fullUrl(o))));
        report.setConclusion(TriageWording.conclusion(study));
        study.findings().stream()
                .filter(LabelFinding::positive)
                .forEach(f -> report.addConclusionCode(Terminology.label(f.hemorrhageLabel())));
        return report;
    }
}
