package org.ichcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.ichcds.analysis.AnalysisJob;
import org.ichcds.analysis.AnalysisResult;
import org.ichcds.analysis.AnalysisResults;
import org.ichcds.analysis.AnalysisService;
import org.ichcds.analysis.PatientBinding;
import org.ichcds.analysis.StudyTarget;
import org.ichcds.analysis.ViewerLinks;
import org.ichcds.fhir.ImagingStudyException;
import org.ichcds.fhir.ImagingStudyResolver;
import org.ichcds.reporting.CardFactory;
import org.ichcds.reporting.CdsResponse;
import org.ichcds.reporting.DiagnosticReportWriter;
import org.ichcds.reporting.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code study-complete} (cds-services/study-complete-hook.md): analyses the study, or returns the stored analysis,
 * within the time budget; an analysis that takes longer answers "analysis in progress" and finishes in the background.
 * The analysis is the hook patient's own: an ImagingStudy that does not name that patient as its subject gets a warning
 * card and no analysis, and the images' PatientID is checked against the Patient's identifiers before any result.
 */
@Component
@ConditionalOnProperty(prefix = "ichcds.inference", name = "model-dir")
class StudyCompleteHandler implements CdsHookHandler {

    private static final Logger log = LoggerFactory.getLogger(StudyCompleteHandler.class);

    private final AnalysisService analyses;
    private final AnalysisResults results;
    private final ViewerLinks viewer;
    private final CardFactory cards = new CardFactory();
    private final DiagnosticReportWriter reports = new DiagnosticReportWriter();
    // a finished analysis's cards are the same for every call; shorter-lived than the viewer links they carry
    private final Cache<String, List<CdsResponse.Card>> cardsByAnalysis = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();
    // Endpoints name a PACS, not a patient; they change rarely
    private final Cache<String, Endpoint> endpoints = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    /** A prefetched ImagingStudy as sent, and the FHIR server its references point into. */
    private record SentStudy(URI fhirServer, JsonNode imagingStudy) {}

    /** What the server needs of an ImagingStudy: its subject reference as sent, and where its images are. */
    private record StudyFacts(String subjectReference, ImagingStudyResolver.StudyLocation location) {}

    /** The ImagingStudy does not name the hook's patient as its subject. */
    private static final class SubjectMismatch extends RuntimeException {
        SubjectMismatch(String reason) {
            super(reason, null, false, false);
        }
    }

    // the same ImagingStudy is sent with every call for the study: parse it once (JsonNode equality is by content)
    private final Cache<SentStudy, StudyFacts> sentStudies = Caffeine.newBuilder()
            .maximumSize(2_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    StudyCompleteHandler(AnalysisService analyses, AnalysisResults results, ViewerLinks viewer) {
        this.analyses = analyses;
        this.results = results;
        this.viewer = viewer;
    }

    @Override
    public String hook() {
        return "study-complete";
    }

    @Override
    public CdsResponse handle(HookCall call) {
        String patientId = call.request().contextText("patientId").orElseThrow();
        String studyId = call.request().contextText("imagingStudyId").orElseThrow();
        ImagingStudyResolver.StudyLocation location;
        try {
            location = location(call, patientId, studyId);
        } catch (SubjectMismatch e) {
            // audit: which check failed, never whose (no identifiers in the log)
            log.warn("study-complete refused for {}: {}", call.request().hookInstance(), e.getMessage());
            return CdsResponse.of(List.of(cards.failed(FailureReason.PATIENT_MISMATCH)));
        } catch (ImagingStudyException e) {
            return CdsResponse.of(List.of(cards.failed(FailureReason.IMAGES_UNAVAILABLE)));
        }
        // the Patient is read (prefetch, or fetched) only when the analysis is created: later calls need nothing of it
        AnalysisJob job = analyses.request(
                new StudyTarget(
                        location.studyUid(),
                        location.dicomWebBase(),
                        "Patient/" + patientId,
                        "ImagingStudy/" + studyId,
                        List.of()),
                () -> patientIdentifiers(call, patientId));
        call.audit().note(location.studyUid(), job.id());
        return switch (job.status()) {
            case DONE ->
                CdsResponse.of(
                        cardsByAnalysis.get(job.id() + "|" + call.baseUrl(), key -> studyCards(call, job)).stream()
                                .map(CdsResponse.Card::withNewUuids)
                                .toList());
            case FAILED -> CdsResponse.of(List.of(cards.failed(FailureReason.valueOf(job.errorKind()), job.error())));
            case QUEUED, RUNNING ->
                CdsResponse.of(List.of(cards.inProgress("The AI analysis of this head CT is still running.", null)));
        };
    }

    /** Where the study's images are. What an ImagingStudy the client prefetched says is kept, keyed by its content. */
    private ImagingStudyResolver.StudyLocation location(HookCall call, String patientId, String studyId) {
        SentStudy key = call.prefetch()
                .sent("imagingStudy")
                .map(sent -> new SentStudy(call.request().fhirServer(), sent))
                .orElse(null);
        StudyFacts known = key == null ? null : sentStudies.getIfPresent(key);
        if (known != null) {
            checkSubject(known.subjectReference(), patientId);
            return known.location();
        }
        ImagingStudy study = imagingStudy(call, studyId);
        String subject = study.hasSubject() ? study.getSubject().getReference() : null;
        checkSubject(subject, patientId); // before resolving: nothing is fetched for a study of another patient
        ImagingStudyResolver.StudyLocation location = new ImagingStudyResolver(ref -> endpoints.get(
                        call.request().fhirServer() + "|" + ref.getReference(),
                        k -> endpoint(call, ref.getReference())))
                .resolve(study);
        if (key != null) {
            sentStudies.put(key, new StudyFacts(subject, location));
        }
        return location;
    }

    private static void checkSubject(String subjectReference, String patientId) {
        PatientBinding.subjectMismatch(patientId, subjectReference).ifPresent(reason -> {
            throw new SubjectMismatch(reason);
        });
    }

    /** The Patient's identifiers, which the images' PatientID must match; none when the Patient has none. */
    private static List<PatientBinding.Identifier> patientIdentifiers(HookCall call, String patientId) {
        IBaseResource resource = call.prefetch()
                .get("patient")
                .orElseThrow(() -> CdsRequestException.preconditionFailed("Patient/" + patientId + " was not found"));
        if (!(resource instanceof Patient patient)) {
            throw CdsRequestException.badRequest("prefetch.patient is a " + resource.fhirType() + ", not a Patient");
        }
        if (patient.hasIdElement()
                && patient.getIdElement().getIdPart() != null
                && !patient.getIdElement().getIdPart().equals(patientId)) {
            throw CdsRequestException.badRequest("prefetch.patient is not the Patient named by context.patientId");
        }
        return patient.getIdentifier().stream()
                .filter(i -> i.hasValue())
                .map(i -> new PatientBinding.Identifier(i.getSystem(), i.getValue()))
                .toList();
    }

    private List<CdsResponse.Card> studyCards(HookCall call, AnalysisJob job) {
        AnalysisResult result = results.of(job);
        return cards.studyCards(
                result.findings(), viewer.link(call.baseUrl(), job.id()), reports.build(result.findings()));
    }

    private static ImagingStudy imagingStudy(HookCall call, String studyId) {
        IBaseResource resource = call.prefetch()
                .get("imagingStudy")
                .orElseThrow(
                        () -> CdsRequestException.preconditionFailed("ImagingStudy/" + studyId + " was not found"));
        if (!(resource instanceof ImagingStudy study)) {
            throw CdsRequestException.badRequest(
                    "prefetch.imagingStudy is a " + resource.fhirType() + ", not an ImagingStudy");
        }
        return study;
    }

    private static Endpoint endpoint(HookCall call, String reference) {
        IBaseResource resource = call.prefetch().read(reference).orElse(null);
        return resource instanceof Endpoint endpoint ? endpoint : null;
    }
}
