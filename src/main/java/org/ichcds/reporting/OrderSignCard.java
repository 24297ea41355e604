package org.ichcds.reporting;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ichcds.reporting.CdsResponse.Action;
import org.ichcds.reporting.CdsResponse.Card;
import org.ichcds.reporting.CdsResponse.Link;
import org.ichcds.reporting.CdsResponse.Suggestion;

/** The {@code order-sign} card: a bleeding-risk drug ordered after a head CT flagged for hemorrhage. */
final class OrderSignCard {

    private static final Set<String> DRUG_CLASSES = Set.of("anticoagulant", "antiplatelet", "thrombolytic");

    Card card(StudyFindings study, String drugName, String drugClass, String medicationRequestId, Link viewer) {
        if (!study.anyPositive()) {
            throw new IllegalArgumentException("the order-sign card needs a positive analysis: " + study.analysisId());
        }
        Require.text("drug name", drugName);
        if (!DRUG_CLASSES.contains(drugClass)) {
            throw new IllegalArgumentException("drug class must be one of " + DRUG_CLASSES + ": " + drugClass);
        }
        Require.fhirId("MedicationRequest id", medicationRequestId);
        String drug = drugName.strip().replaceAll("\\s+", " ");
        String resourceId = "MedicationRequest/" + medicationRequestId;
        var remove =
                new Action("delete", "Remove the draft order for " + drug + " (" + resourceId + ")", null, resourceId);
        var suggestion =
                new Suggestion("Remove the draft " + drug + " order", CardFactory.uuid(), null, List.of(remove));
        return new Card(
                CardFactory.uuid(),
                summary(study, drug, drugClass),
                detail(study, drug, drugClass),
                "critical",
                CardFactory.modelSource(study.model()),
                List.of(suggestion),
                "at-most-one",
                OverrideReason.codings(
                        OverrideReason.BENEFIT_OUTWEIGHS_RISK,
                        OverrideReason.REVIEWED_NO_HEMORRHAGE,
                        OverrideReason.ALREADY_KNOWN),
                List.of(viewer));
    }

    /** Names the subtypes when they fit, else "intracranial hemorrhage"; shortens the drug name last. */
    static String summary(StudyFindings study, String drug, String drugClass) {
        List<LabelFinding> subtypes = study.positiveSubtypes();
        String tail = ": reconsider " + drug + " (" + drugClass + ")";
        if (!subtypes.isEmpty()) {
            String named = "Latest head CT flagged for suspected " + TriageWording.shortNames(subtypes) + " hemorrhage";
            if ((named + tail).length() <= CdsResponse.MAX_SUMMARY_LENGTH) {
                return named + tail;
            }
        }
        String generic = "Latest head CT flagged for suspected intracranial hemorrhage: reconsider ";
        String classPart = " (" + drugClass + ")";
        int room = CdsResponse.MAX_SUMMARY_LENGTH - generic.length() - classPart.length();
        return generic + CardText.fit(drug, room) + classPart;
    }

    private static String detail(StudyFindings study, String drug, String drugClass) {
        String escapedDrug = CardText.escape(drug);
        return "**The patient's latest head CT was flagged for suspected intracranial hemorrhage** (analysed "
                + CardText.when(study.analysedAt()) + "): " + CardText.positiveFindings(study) + ".\n\n"
                + "The draft order is for **" + escapedDrug + "**, " + article(drugClass) + " **" + drugClass + "**"
                + " (" + effect(drugClass) + "), which can worsen intracranial bleeding. Review the images and the"
                + " indication before signing, or remove the order.\n\n"
                + TriageWording.NOT_A_DIAGNOSIS + "\n\n" + CardText.modelLine(study);
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String effect(String drugClass) {
        return switch (drugClass.toLowerCase(Locale.ROOT)) {
            case "anticoagulant" -> "it inhibits clotting";
            case "antiplatelet" -> "it inhibits platelet aggregation";
            default -> "it dissolves clots";
        };
    }
}
