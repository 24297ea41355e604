package org.ichcds.viewer;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.ichcds.analysis.AnalysisJob;
import org.ichcds.analysis.AnalysisJobs;
import org.ichcds.analysis.AnalysisResult;
import org.ichcds.analysis.AnalysisResults;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.reporting.BoxFinding;
import org.ichcds.reporting.LabelFinding;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** What the viewer page shows of an analysis: header, verdicts, slices with their boxes, the slice to open on. */
@Component
class ViewerData {

    private final AnalysisJobs jobs;
    private final DaoRegistry fhir;
    private final AnalysisResults results;

    ViewerData(AnalysisJobs jobs, DaoRegistry fhir, AnalysisResults results) {
        this.jobs = jobs;
        this.fhir = fhir;
        this.results = results;
    }

    Optional<AnalysisJob> job(String id) {
        return id.matches("[0-9a-fA-F-]{36}") ? jobs.get(id) : Optional.empty();
    }

    AnalysisResult result(AnalysisJob job) {
        if (job.status() != AnalysisJob.Status.DONE || job.resultJson() == null) {
            throw new ViewerException(
                    org.springframework.http.HttpStatus.CONFLICT,
                    "Analysis not finished",
                    "The analysis of this study is not finished yet.");
        }
        return results.of(job);
    }

    Map<String, Object> view(AnalysisJob job) {
        AnalysisResult result = result(job);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("patient", patient(job.patientRef()));
        view.put("study", "StudyInstanceUID " + job.studyUid());
        view.put("studyDate", studyDate(job.imagingStudyRef()));
        view.put("series", result.findings().seriesUid());
        view.put("model", result.findings().model().name());
        view.put(
                "findings",
                result.findings().findings().stream().map(ViewerData::verdict).toList());
        List<Map<String, Object>> slices = slices(result);
        view.put("slices", slices);
        view.put("rows", result.rows());
        view.put("columns", result.columns());
        view.put("openSlice", openSlice(result));
        // a bound received study's report is written just after its first answer: no link until it is
        view.put(
                "reportUrl",
                result.reportRef() == null
                        ? null
                        : ServletUriComponentsBuilder.fromCurrentContextPath()
                                .path("/fhir/" + result.reportRef())
                                .toUriString());
        return view;
    }

    private static Map<String, Object> verdict(LabelFinding finding) {
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("label", finding.label());
        verdict.put("display", HemorrhageLabel.fromCode(finding.label()).display());
        verdict.put("probability", finding.probability());
        verdict.put("threshold", finding.threshold());
        verdict.put("positive", finding.positive());
        verdict.put("keySlices", finding.keySlices());
        return verdict;
    }

    /**
     * Boxes of the flagged subtypes, on their slices; a slice is flagged when it is a key slice of a flagged subtype or
     * a flagged subtype has a box on it.
     */
    private static List<Map<String, Object>> slices(AnalysisResult result) {
        List<Map<String, Object>> slices = new ArrayList<>();
        for (int i = 0; i < result.sliceSopInstanceUids().size(); i++) {
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("boxes", new ArrayList<Map<String, Object>>());
            slice.put("flagged", false);
            slices.add(slice);
        }
        for (LabelFinding finding : result.findings().findings()) {
            if (!finding.positive()) {
                continue;
            }
            for (int key : finding.keySlices()) {
                if (key >= 0 && key < slices.size()) {
                    slices.get(key).put("flagged", true);
                }
            }
            for (BoxFinding box : finding.boxes()) {
                if (box.sliceIndex() < 0 || box.sliceIndex() >= slices.size()) {
                    continue;
                }
                Map<String, Object> slice = slices.get(box.sliceIndex());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> boxes = (List<Map<String, Object>>) slice.get("boxes");
                boxes.add(Map.of(
                        "label",
                        finding.label(),
                        "x",
                        box.x(),
                        "y",
                        box.y(),
                        "width",
                        box.width(),
                        "height",
                        box.height(),
                        "score",
                        box.score()));
                slice.put("flagged", true);
            }
        }
        return slices;
    }

    /** The key slice of the most probable flagged finding; of {@code any} when nothing is flagged. */
    static int openSlice(AnalysisResult result) {
        List<LabelFinding> findings = result.findings().findings();
        return findings.stream()
                .filter(f ->
                        f.positive() && !f.keySlices().isEmpty() && !f.label().equals("any"))
                .max(Comparator.comparingDouble(LabelFinding::probability))
                .or(() ->
                        findings.stream().filter(f -> !f.keySlices().isEmpty()).findFirst())
                .map(f -> f.keySlices().get(0))
                .orElse(result.sliceSopInstanceUids().size() / 2);
    }

    private String patient(String reference) {
        return read(reference, Patient.class)
                .map(p -> p.getIdentifierFirstRep().getValue() == null
                        ? reference
                        : p.getIdentifierFirstRep().getValue() + " (" + reference + ")")
                .orElse(reference);
    }

    private String studyDate(String reference) {
        return read(reference, ImagingStudy.class)
                .filter(ImagingStudy::hasStarted)
                .map(s -> s.getStartedElement().getValueAsString().substring(0, 10))
                .orElse(null);
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> Optional<T> read(
            String reference, Class<T> type) {
        if (reference == null || !reference.startsWith(type.getSimpleName() + "/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(fhir.getResourceDao(type).read(new IdType(reference), new SystemRequestDetails()));
        } catch (BaseServerResponseException e) {
            return Optional.empty(); // the EHR's resource is not in this server's store: show the reference
        }
    }
}
