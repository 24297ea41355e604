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
import org.ichcds.analysis.AnalysisJob;
import org.ichcds.analysis.AnalysisResult;
import org.ichcds.analysis.AnalysisResults;
import org.ichcds.analysis.AnalysisService;
import org.ichcds.analysis.StudyTarget;
import org.ichcds.analysis.ViewerLinks;
import org.ichcds.fhir.ImagingStudyException;
import org.ichcds.fhir.ImagingStudyResolver;
import org.ichcds.reporting.CardFactory;
import org.ichcds.reporting.CdsResponse;
import org.ichcds.reporting.DiagnosticReportWriter;
import org.ichcds.reporting.FailureReason;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code study-complete} (cds-services/study-complete-hook.md): analyses the study, or returns the stored analysis,
 * within the time budget; an analysis that takes longer answers "analysis in progress" and finishes in the background.
 */
@Component
@ConditionalOnProperty(prefix = "ichcds.inference", name = "model-dir")
class StudyCompleteHandler implements CdsHookHandler {

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

    /** What the server needs of an ImagingStudy. */
    private record StudyFacts(String subjectId, ImagingStudyResolver.StudyLocation location) {}

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
        } catch (ImagingStudyException e) {
            return CdsResponse.of(List.of(cards.failed(FailureReason.IMAGES_UNAVAILABLE)));
        }
        AnalysisJob job = analyses.request(new StudyTarget(
                location.studyUid(), location.dicomWebBase(), "Patient/" + patientId, "ImagingStudy/" + studyId));
        return switch (job.status()) {
            case DONE ->
                CdsResponse.of(
                        cardsByAnalysis.get(job.id() + "|" + call.baseUrl(), key -> studyCards(call, job)).stream()
                                .map(CdsResponse.Card::withNewUuids)
                                .toList());
            case FAILED -> CdsResponse.of(List.of(cards.failed(FailureReason.valueOf(job.errorKind()))));
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
            checkSubject(known.subjectId(), patientId, studyId);
            return known.location();
        }
        ImagingStudy study = imagingStudy(call, studyId);
        String subject = study.getSubject().getReferenceElement().getIdPart();
        checkSubject(subject, patientId, studyId); // before resolving: a wrong patient is a 400, not a missing image
        ImagingStudyResolver.StudyLocation location = new ImagingStudyResolver(ref -> endpoints.get(
                        call.request().fhirServer() + "|" + ref.getReference(),
                        k -> endpoint(call, ref.getReference())))
                .resolve(study);
        if (key != null) {
            sentStudies.put(key, new StudyFacts(subject, location));
        }
        return location;
    }

    private static void checkSubject(String subject, String patientId, String studyId) {
        if (subject != null && !subject.equals(patientId)) {
            throw CdsRequestException.badRequest("ImagingStudy/" + studyId + " is not about context.patientId");
        }
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
