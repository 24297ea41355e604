package org.ichcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ichcds.analysis.AnalysisJobs;
import org.ichcds.analysis.AnalysisResult;
import org.ichcds.analysis.AnalysisResults;
import org.ichcds.analysis.ViewerLinks;
import org.ichcds.reporting.CardFactory;
import org.ichcds.reporting.CdsResponse;
import org.springframework.stereotype.Component;

/**
 * {@code order-sign}: when a draft MedicationRequest holds an anticoagulant, antiplatelet or thrombolytic (the list in
 * the service definition, matched by RxNorm code or by ingredient name) and the patient's latest head CT analysis is
 * positive, a critical card names the finding and suggests removing that draft order. Reads only this server's own
 * analyses, so it answers from the database without calling the EHR.
 */
@Component
class OrderSignHandler implements CdsHookHandler {

    private final AnalysisJobs analyses;
    private final AnalysisResults results;
    private final ViewerLinks viewer;
    private final CardFactory cards = new CardFactory();

    OrderSignHandler(AnalysisJobs analyses, AnalysisResults results, ViewerLinks viewer) {
        this.analyses = analyses;
        this.results = results;
        this.viewer = viewer;
    }

    @Override
    public String hook() {
        return "order-sign";
    }

    /** One drug of the service definition's list. */
    record Drug(String rxnorm, String name, String drugClass) {}

    /** A draft order that holds a listed drug. */
    record RiskyOrder(String medicationRequestId, Drug drug) {}

    @Override
    public CdsResponse handle(HookCall call) {
        List<RiskyOrder> risky = riskyOrders(call.request().context().get("draftOrders"), drugs(call.service()));
        if (risky.isEmpty()) {
            return CdsResponse.empty();
        }
        String patient = "Patient/" + call.request().contextText("patientId").orElseThrow();
        Optional<AnalysisResult> latest = analyses.latestDoneId(patient).flatMap(results::byId);
        if (latest.isEmpty() || !latest.get().findings().anyPositive()) {
            return CdsResponse.empty();
        }
        String analysisId = latest.get().findings().analysisId();
        call.audit().note(null, analysisId);
        String link = viewer.link(call.baseUrl(), analysisId);
        List<CdsResponse.Card> found = new ArrayList<>();
        for (RiskyOrder order : risky) {
            found.add(cards.orderSignCard(
                    latest.get().findings(),
                    order.drug().name(),
                    order.drug().drugClass(),
                    order.medicationRequestId(),
                    link));
        }
        return CdsResponse.of(found);
    }

    static List<Drug> drugs(CdsServiceDefinition service) {
        List<Drug> drugs = new ArrayList<>();
        for (JsonNode drug : service.settingsOrEmpty().path("drugs")) {
            drugs.add(new Drug(
                    drug.path("rxnorm").asText(null),
                    drug.path("name").asText(),
                    drug.path("class").asText()));
        }
        return drugs;
    }

    static List<RiskyOrder> riskyOrders(JsonNode bundle, List<Drug> drugs) {
        List<RiskyOrder> risky = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            if (!"MedicationRequest".equals(resource.path("resourceType").asText()) || !resource.hasNonNull("id")) {
                continue;
            }
            JsonNode medication = resource.path("medicationCodeableConcept");
            for (Drug drug : drugs) {
                if (matches(medication, drug)) {
                    risky.add(new RiskyOrder(resource.path("id").asText(), drug));
                    break;
                }
            }
        }
        return risky;
    }

    /** By RxNorm ingredient code, or by the ingredient's name in a coding's display or the text (clinical drugs). */
    private static boolean matches(JsonNode medication, Drug drug) {
        String name = drug.name().toLowerCase(Locale.ROOT);
        if (containsWord(medication.path("text").asText(""), name)) {
            return true;
        }
        for (JsonNode coding : medication.path("coding")) {
            boolean rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
                    .equals(coding.path("system").asText());
            if ((rxnorm
                            && drug.rxnorm() != null
                            && drug.rxnorm().equals(coding.path("code").asText()))
                    || containsWord(coding.path("display").asText(""), name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsWord(String text, String word) {
        return (" " + text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ").contains(" " + word + " ");
    }
}
