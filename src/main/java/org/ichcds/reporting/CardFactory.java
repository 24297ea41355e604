package org.ichcds.reporting;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.ichcds.reporting.CdsResponse.Action;
import org.ichcds.reporting.CdsResponse.Card;
import org.ichcds.reporting.CdsResponse.Link;
import org.ichcds.reporting.CdsResponse.Source;
import org.ichcds.reporting.CdsResponse.Suggestion;

/**
 * Builds the CDS Hooks cards (CDS Hooks 2.0 §card-attributes). Their wording follows the cleared triage tools: a
 * notification to prioritise review, not a diagnosis. Every card and suggestion has a uuid, which feedback echoes.
 * Stateless and thread-safe.
 */
public final class CardFactory {

    static final String PRODUCT = "ICH CDS";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrderSignCard orderSign = new OrderSignCard();

    /**
     * The card for an analysed study: {@code critical} when any label is positive at its operating threshold,
     * {@code info} otherwise; with the findings table, a link to the viewer page and a suggestion to create the
     * DiagnosticReport in the EHR.
     *
     * @param viewerUrl the absolute URL of the analysis's viewer page ({@code …/viewer/analyses/{id}})
     */
    public List<Card> studyCards(StudyFindings study, String viewerUrl, ReportResources resources) {
        boolean positive = study.anyPositive();
        String summary = positive ? CardText.positiveSummary(study) : "No hemorrhage flagged by AI";
        String lead = positive
                ? "**Suspected intracranial hemorrhage.** " + TriageWording.NOT_A_DIAGNOSIS
                : "**No hemorrhage flagged.** " + TriageWording.NEGATIVE_RULES_NOTHING_OUT;
        String detail = lead + "\n\n" + CardText.findingsTable(study) + "\nThe flagged slices and boxes are on the"
                + " viewer page.\n\n" + CardText.modelLine(study);
        var card = new Card(
                uuid(),
                summary,
                detail,
                positive ? "critical" : "info",
                modelSource(study.model()),
                List.of(createReport(resources.report())),
                "at-most-one",
                OverrideReason.codings(
                        OverrideReason.REVIEWED_NO_HEMORRHAGE,
                        OverrideReason.ALREADY_KNOWN,
                        OverrideReason.NOT_A_HEAD_CT,
                        OverrideReason.POOR_IMAGE_QUALITY),
                List.of(viewerLink(viewerUrl)));
        return List.of(card);
    }

    /**
     * The card for an analysis still running when the hook's time budget ran out.
     *
     * @param note an optional sentence for the clinician; it must not contain patient or study identifiers
     * @param viewerUrl the viewer page where the result will appear, or {@code null}
     */
    public Card inProgress(String note, String viewerUrl) {
        String detail = (note == null || note.isBlank() ? "" : CardText.escape(note) + "\n\n")
                + "The AI hemorrhage triage of this head CT has not finished. Read the study in the usual order; the"
                + " result will appear on the viewer page and when the record is next opened.";
        List<Link> links = viewerUrl == null ? List.of() : List.of(viewerLink(viewerUrl));
        return new Card(uuid(), "Analysis in progress", detail, "info", productSource(), null, null, null, links);
    }

    /** The card for a failed analysis, with words a clinician can act on. */
    public Card failed(FailureReason reason) {
        return failed(reason.wording(), reason.indicator());
    }

    /**
     * The card of a failure whose recorded reason says what a site can change: a study over a size limit names the
     * limit and its setting, images in a transfer syntax not read name it and what to configure on the PACS (neither
     * reason carries a patient or study identifier). Other failures get their fixed wording only.
     */
    public Card failed(FailureReason reason, String recorded) {
        boolean actionable = reason == FailureReason.STUDY_TOO_LARGE || reason == FailureReason.UNSUPPORTED_COMPRESSION;
        if (!actionable || recorded == null || recorded.isBlank()) {
            return failed(reason);
        }
        Card card = failed(reason);
        String detail =
                card.detail().replace("\n\nNo AI result", ": " + CardText.escape(recorded) + ".\n\nNo AI result");
        return new Card(card.uuid(), card.summary(), detail, card.indicator(), card.source(), null, null, null, null);
    }

    /**
     * A {@code warning} card for a failed analysis.
     *
     * @param reason what failed, in words a clinician can act on (e.g. "the images could not be retrieved from the
     *     PACS"); no patient or study identifiers
     */
    Card failed(String reason) {
        return failed(reason, "warning");
    }

    private Card failed(String reason, String indicator) {
        Require.text("failure reason", reason);
        String summary = CardText.fit("AI hemorrhage triage not available: " + reason, CdsResponse.MAX_SUMMARY_LENGTH);
        String detail = "The AI hemorrhage triage could not analyse this head CT: " + CardText.escape(reason)
                + ".\n\nNo AI result is available. Read the study in the usual order.";
        return new Card(uuid(), summary, detail, indicator, productSource(), null, null, null, null);
    }

    /**
     * The {@code order-sign} card: the patient's latest head CT was flagged and a draft order is for an
     * anticoagulant, antiplatelet or thrombolytic. It names the finding, the drug and its class, and suggests
     * deleting the draft order.
     *
     * @param drugClass {@code anticoagulant}, {@code antiplatelet} or {@code thrombolytic}
     * @param medicationRequestId the id of the draft MedicationRequest (without the type)
     */
    public Card orderSignCard(
            StudyFindings latestPositive,
            String drugName,
            String drugClass,
            String medicationRequestId,
            String viewerUrl) {
        return orderSign.card(latestPositive, drugName, drugClass, medicationRequestId, viewerLink(viewerUrl));
    }

    private Suggestion createReport(DiagnosticReport report) {
        var action = new Action(
                "create",
                "Add the preliminary AI triage report of this head CT to the patient's record",
                toJson(forEhr(report)),
                null);
        return new Suggestion("Add the AI triage report to the record", uuid(), null, List.of(action));
    }

    /**
     * The report as the EHR would store it: no id (the EHR assigns one), and no {@code result} references, which
     * point at Observations by {@code urn:uuid:} and resolve only inside this server's transaction Bundle. The
     * conclusion and conclusionCode still carry the finding.
     */
    static DiagnosticReport forEhr(DiagnosticReport report) {
        DiagnosticReport copy = report.copy();
        copy.setIdElement(null);
        copy.getResult().clear();
        return copy;
    }

    private static JsonNode toJson(DiagnosticReport report) {
        try {
            return JSON.readTree(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HAPI wrote JSON that Jackson cannot read", e);
        }
    }

    static Source modelSource(ModelIdentity model) {
        return new Source(PRODUCT + ": " + ProvenanceWriter.sourceLabel(model), null, null, null);
    }

    static Source productSource() {
        return new Source(PRODUCT, null, null, null);
    }

    /** CDS Hooks 2.0 §link: an absolute link needs an absolute http(s) URL. */
    static Link viewerLink(String viewerUrl) {
        URI uri;
        try {
            uri = viewerUrl == null ? null : URI.create(viewerUrl);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null
                || !uri.isAbsolute()
                || uri.getHost() == null
                || !uri.getScheme().matches("https?")) {
            throw new IllegalArgumentException("viewer URL must be an absolute http(s) URL: " + viewerUrl);
        }
        return new Link("Open the flagged slices in the viewer", viewerUrl, "absolute", null);
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }
}
