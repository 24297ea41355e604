package org.ichcds.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.reporting.CdsResponse.Card;
import org.junit.jupiter.api.Test;

/** The card rules of CDS Hooks 2.0 §card-attributes and the project's triage wording. */
class CardFactoryTest {

    private static final HemorrhageLabel[] ALL_SUBTYPES = Stream.of(HemorrhageLabel.values())
            .filter(l -> l != HemorrhageLabel.ANY)
            .toArray(HemorrhageLabel[]::new);

    private final CardFactory cards = new CardFactory();
    private final DiagnosticReportWriter writer = new DiagnosticReportWriter();

    private Card studyCard(StudyFindings study) {
        List<Card> list = cards.studyCards(study, Studies.VIEWER, writer.build(study));
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @Test
    void allSixSubtypesFitTheSummaryAndAreNamed() {
        Card card = studyCard(Studies.positive(ALL_SUBTYPES));
        assertThat(card.summary()).hasSizeLessThan(140);
        assertThat(card.summary())
                .contains("epidural", "intraparenchymal", "intraventricular", "subarachnoid", "subdural", "chronic");
        assertThat(card.indicator()).isEqualTo("critical");
    }

    @Test
    void positiveCardIsCriticalAndNamesOnlyTheFlaggedSubtypes() {
        Card card = studyCard(Studies.positive(HemorrhageLabel.SUBDURAL));
        assertThat(card.indicator()).isEqualTo("critical");
        assertThat(card.summary())
                .isEqualTo("AI triage: suspected intracranial hemorrhage (subdural) on head CT")
                .doesNotContain("epidural");
    }

    @Test
    void negativeCardIsInfo() {
        Card card = studyCard(Studies.negative());
        assertThat(card.indicator()).isEqualTo("info");
        assertThat(card.summary()).isEqualTo("No hemorrhage flagged by AI");
        assertThat(card.detail()).contains("does not exclude hemorrhage");
    }

    @Test
    void detailGivesProbabilitiesKeySlicesAndTheTriageWording() {
        // subdural: probability 0.9 - 5 * 0.01 = 0.85, key slices 15, 16 (Studies.positive)
        Card card = studyCard(Studies.positive(HemorrhageLabel.SUBDURAL));
        assertThat(card.detail())
                .contains("| Subdural hemorrhage | 85% | 50% | **yes** | 15, 16 |")
                .contains("| Epidural hemorrhage | 2% | 50% | no | – |")
                .contains("not a diagnosis")
                .contains("prioritise review")
                .contains("ICH phantom model 1.2.0");
        assertThat(card.source().label()).isEqualTo("ICH CDS: ICH phantom model 1.2.0");
    }

    @Test
    void linksToTheViewerWithAnAbsoluteUrl() {
        Card card = studyCard(Studies.negative());
        assertThat(card.links()).singleElement().satisfies(link -> {
            assertThat(link.type()).isEqualTo("absolute");
            assertThat(link.url()).isEqualTo(Studies.VIEWER);
        });
        var study = Studies.negative();
        var resources = writer.build(study);
        for (String bad : new String[] {"/viewer/analyses/a-42", "viewer", "ftp://host/x", "http://", null}) {
            assertThatThrownBy(() -> cards.studyCards(study, bad, resources))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("viewer URL");
        }
    }

    @Test
    void cardsAndSuggestionsCarryDistinctUuids() {
        Card first = studyCard(Studies.positive(HemorrhageLabel.SUBDURAL));
        Card second = studyCard(Studies.positive(HemorrhageLabel.SUBDURAL));
        assertThat(first.uuid()).isNotBlank().isNotEqualTo(second.uuid());
        assertThat(first.suggestions())
                .singleElement()
                .satisfies(s -> assertThat(s.uuid()).isNotBlank().isNotEqualTo(first.uuid()));
        assertThat(cards.inProgress(null, null).uuid()).isNotBlank();
        assertThat(cards.failed("x").uuid()).isNotBlank();
    }

    @Test
    void suggestsCreatingTheReportWithoutDanglingReferences() {
        Card card = studyCard(Studies.positive(HemorrhageLabel.SUBARACHNOID));
        assertThat(card.selectionBehavior()).isEqualTo("at-most-one");
        CdsResponse.Action action = card.suggestions().get(0).actions().get(0);
        assertThat(action.type()).isEqualTo("create");
        assertThat(action.description()).isNotBlank();
        assertThat(action.resource().path("resourceType").asText()).isEqualTo("DiagnosticReport");
        assertThat(action.resource().path("status").asText()).isEqualTo("preliminary");
        assertThat(action.resource().has("id")).isFalse();
        assertThat(action.resource().has("result")).isFalse();
        assertThat(action.resource().path("subject").path("reference").asText()).isEqualTo("Patient/p1");
    }

    @Test
    void overrideReasonsHaveDisplays() {
        Card card = studyCard(Studies.negative());
        assertThat(card.overrideReasons())
                .extracting(CdsResponse.Coding::code)
                .contains("reviewed-no-hemorrhage", "already-known", "not-a-head-ct");
        assertThat(card.overrideReasons()).allSatisfy(c -> {
            assertThat(c.display()).isNotBlank();
            assertThat(c.system()).isEqualTo("https://ichcds.org/fhir/CodeSystem/ich-override-reason");
        });
    }

    @Test
    void cardsSerialiseToJson() throws Exception {
        var json = new ObjectMapper();
        String text =
                json.writeValueAsString(CdsResponse.of(List.of(studyCard(Studies.positive(HemorrhageLabel.EPIDURAL)))));
        var tree = json.readTree(text);
        assertThat(tree.at("/cards/0/suggestions/0/actions/0/resource/resourceType")
                        .asText())
                .isEqualTo("DiagnosticReport");
        assertThat(tree.at("/cards/0/links/0/type").asText()).isEqualTo("absolute");
    }

    @Test
    void inProgressCardIsInfo() {
        Card card = cards.inProgress("Results usually take about 20 s.", Studies.VIEWER);
        assertThat(card.summary()).isEqualTo("Analysis in progress");
        assertThat(card.indicator()).isEqualTo("info");
        assertThat(card.detail()).contains("Results usually take about 20 s.").contains("usual order");
        assertThat(card.links())
                .singleElement()
                .extracting(CdsResponse.Link::url)
                .isEqualTo(Studies.VIEWER);
        assertThat(cards.inProgress(null, null).links()).isNullOrEmpty();
    }

    @Test
    void failedCardSaysWhatFailedInClinicalWords() {
        Card card = cards.failed(FailureReason.IMAGES_UNAVAILABLE);
        assertThat(card.indicator()).isEqualTo("warning");
        assertThat(card.summary()).contains("images could not be retrieved from the PACS");
        assertThat(card.detail()).contains("Read the study in the usual order");
        assertThat(cards.failed(FailureReason.NO_HEAD_CT_SERIES).indicator()).isEqualTo("info");
        assertThat(cards.failed("x".repeat(500)).summary()).hasSizeLessThan(140).endsWith("…");
        assertThatThrownBy(() -> cards.failed(" ")).hasMessageContaining("failure reason");
    }

    @Test
    void aStudyOverALimitGetsACardThatNamesTheLimitAndItsSetting() {
        String recorded = "the number of images in the chosen series is 5000, over the limit of 1200"
                + " (ichcds.dicomweb.limits.max-instances)";
        Card card = cards.failed(FailureReason.STUDY_TOO_LARGE, recorded);
        assertThat(card.indicator()).isEqualTo("warning");
        assertThat(card.summary()).contains("larger than this server is set to analyse");
        assertThat(card.detail())
                .contains("is 5000, over the limit of 1200 (ichcds.dicomweb.limits.max-instances)")
                .contains("Read the study in the usual order");
        // other failures never show what was recorded (it may hold addresses or internal detail)
        assertThat(cards.failed(FailureReason.IMAGES_UNAVAILABLE, "PACS http://10.0.0.5 refused")
                        .detail())
                .doesNotContain("10.0.0.5");
    }

    @Test
    void imagesInATransferSyntaxNotReadGetACardThatNamesItAndWhatToConfigure() {
        String recorded = "transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS) is not read by this server; have the"
                + " PACS send Explicit VR Little Endian (configure it to transcode on retrieval)";
        Card card = cards.failed(FailureReason.UNSUPPORTED_COMPRESSION, recorded);
        assertThat(card.indicator()).isEqualTo("warning");
        assertThat(card.summary()).hasSizeLessThan(140).contains("transfer syntax this server does not read");
        assertThat(card.detail())
                .contains("1.2.840.10008.1.2.4.80 (JPEG-LS)")
                .contains("configure it to transcode on retrieval")
                .contains("Read the study in the usual order");
    }

    @Test
    void orderSignCardNamesFindingDrugAndClassAndSuggestsDeletingTheOrder() {
        var study = Studies.positive(HemorrhageLabel.SUBDURAL, HemorrhageLabel.SUBARACHNOID);
        Card card = cards.orderSignCard(study, "warfarin", "anticoagulant", "mr-7", Studies.VIEWER);
        assertThat(card.indicator()).isEqualTo("critical");
        assertThat(card.summary())
                .isEqualTo("Latest head CT flagged for suspected subarachnoid, subdural hemorrhage:"
                        + " reconsider warfarin (anticoagulant)");
        assertThat(card.detail())
                .contains("**warfarin**, an **anticoagulant**")
                .contains("subdural hemorrhage (probability 85%, key slices 15, 16)")
                .contains("not a diagnosis");
        assertThat(card.uuid()).isNotBlank();
        assertThat(card.selectionBehavior()).isEqualTo("at-most-one");
        var suggestion = card.suggestions().get(0);
        assertThat(suggestion.uuid()).isNotBlank();
        assertThat(suggestion.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("delete");
            assertThat(a.resourceId()).isEqualTo("MedicationRequest/mr-7");
            assertThat(a.description()).contains("warfarin");
            assertThat(a.resource()).isNull();
        });
        assertThat(card.links())
                .singleElement()
                .extracting(CdsResponse.Link::url)
                .isEqualTo(Studies.VIEWER);
        assertThat(card.overrideReasons()).extracting(CdsResponse.Coding::code).contains("benefit-outweighs-risk");
    }

    @Test
    void orderSignSummaryStaysShortWithLongNames() {
        var study = Studies.positive(ALL_SUBTYPES);
        String drug = "tenecteplase 50 mg powder for solution for injection, single-dose vial, weight-based dosing";
        Card card = cards.orderSignCard(study, drug, "thrombolytic", "mr-8", Studies.VIEWER);
        assertThat(card.summary())
                .hasSizeLessThan(140)
                .startsWith("Latest head CT flagged for suspected intracranial hemorrhage: reconsider tenecteplase")
                .endsWith("… (thrombolytic)");
        assertThat(card.detail()).contains("a **thrombolytic**");
    }

    @Test
    void orderSignCardEscapesMarkdownInTheDrugName() {
        var study = Studies.positive(HemorrhageLabel.EPIDURAL);
        Card card = cards.orderSignCard(study, "heparin | *bolus* <b>", "anticoagulant", "mr-9", Studies.VIEWER);
        assertThat(card.detail()).contains("heparin \\| \\*bolus\\* \\<b\\>");
    }

    @Test
    void orderSignCardRejectsBadArguments() {
        var positive = Studies.positive(HemorrhageLabel.SUBDURAL);
        assertThatThrownBy(
                        () -> cards.orderSignCard(Studies.negative(), "warfarin", "anticoagulant", "m", Studies.VIEWER))
                .hasMessageContaining("positive analysis");
        assertThatThrownBy(() -> cards.orderSignCard(positive, "warfarin", "statin", "m", Studies.VIEWER))
                .hasMessageContaining("statin");
        assertThatThrownBy(() -> cards.orderSignCard(
                        positive, "warfarin", "anticoagulant", "MedicationRequest/m", Studies.VIEWER))
                .hasMessageContaining("MedicationRequest/m");
        assertThatThrownBy(() -> cards.orderSignCard(positive, "", "anticoagulant", "m", Studies.VIEWER))
                .hasMessageContaining("drug name");
    }
}
