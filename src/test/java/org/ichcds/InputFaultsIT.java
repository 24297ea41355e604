package org.ichcds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ichcds.demo.StudyRegistration;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.dicom.SyntheticCtSeries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of the inputs, end to end through study-complete hooks on the real server, Orthanc and the EHR's FHIR
 * server: a study over the image count limit, a hostile instance among good ones, the PACS stopped mid-fetch, the EHR
 * refusing results once. Each ends in a card that says what happened, and a good study analysed beside it is not
 * affected.
 */
class InputFaultsIT extends ServerITBase {

    private static final String HOOK = "/cds-services/ich-study-complete";

    private ItHooks hooks;
    private DicomWebClient pacs;

    @BeforeEach
    void clients() {
        hooks = new ItHooks(baseUrl(), fhirClient());
        pacs = new DicomWebClient(environment().pacs.endpoint(), DicomWebSettings.defaults());
    }

    @Test
    void aStudyOverTheImageCountLimitIsRefusedNamingTheSettingWhileAnotherIsAnalysed() throws Exception {
        // 4.2 times the limit, as 5,000 images are over the shipped 1,200 (ItEnvironment.MAX_INSTANCES)
        SyntheticCtSeries huge = tinySeries(ItEnvironment.MAX_INSTANCES * 21 / 5);
        long start = System.nanoTime();
        storeInBatches(huge);
        System.out.printf(
                "stored %d instances of 8x8 in %d ms%n", huge.slices, (System.nanoTime() - start) / 1_000_000);
        ItHooks.Registered tooLarge = register(huge);
        ItHooks.Registered good = hooks.registerPositivePhantom(2101);

        CompletableFuture<JsonNode> refused = CompletableFuture.supplyAsync(() -> cards(tooLarge));
        CompletableFuture<JsonNode> analysed = CompletableFuture.supplyAsync(() -> cards(good));

        JsonNode card = refused.get().get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).contains("larger than this server is set to analyse");
        assertThat(card.get("detail").asText())
                .contains("is " + huge.slices + ", over the limit of " + ItEnvironment.MAX_INSTANCES)
                .contains("ichcds.dicomweb.limits.max-instances");
        assertThat(analysed.get().get(0).get("indicator").asText()).isEqualTo("critical");
    }

    @Test
    void aHostileInstanceAmongGoodOnesRefusesItsStudyAndNoOther() throws Exception {
        SyntheticCtSeries series = TestSeriesWithHostile.series();
        List<byte[]> instances = new ArrayList<>(series.toBytes());
        instances.set(2, SyntheticCtSeries.bytes(TestSeriesWithHostile.nested(series.slice(2), 40)));
        pacs.store(instances);
        ItHooks.Registered hostile = register(series);
        ItHooks.Registered good = hooks.registerPositivePhantom(2102);

        CompletableFuture<JsonNode> refused = CompletableFuture.supplyAsync(() -> cards(hostile));
        CompletableFuture<JsonNode> analysed = CompletableFuture.supplyAsync(() -> cards(good));

        JsonNode card = refused.get().get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).contains("the images could not be read");
        assertThat(analysed.get().get(0).get("indicator").asText()).isEqualTo("critical");
    }

    @Test
    void aPacsStoppedMidFetchDelaysTheAnalysisUntilItIsBackAndTheEhrGetsTheResultsOnce() throws Exception {
        ItHooks.Registered stored = hooks.registerPositivePhantom(2103);
        URI relayed = environment().pacsRelay.in(environment().pacs.dicomWebBase());
        ItHooks.Registered study = hooks.registerElsewhere(stored, relayed);
        String marker = "ImagingStudy/" + study.imagingStudyId();
        environment().ehr.refuseNext(marker, 500);
        PacsRelay.Hold hold = environment().pacsRelay.holdNextAnswerAfter(256 * 1024);

        HttpResponse<String> first = hooks.post(HOOK, hooks.studyComplete(study), hooks.token(HOOK));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(hold.reached(60)).as("a series fetch held mid-body").isTrue();
        environment().pacs.stop();
        hold.release();
        Thread.sleep(3_000);
        environment().pacs.start();

        JsonNode card = resultCard(study, Duration.ofSeconds(120));
        assertThat(card.get("indicator").asText()).isEqualTo("critical");

        // the EHR answered 500, then 201: the results are there once, and not sent again
        awaitDeliveries(marker, 2, Duration.ofSeconds(30));
        Thread.sleep(2_000); // four more outbox rounds
        List<EhrStandIn.Received> deliveries = environment().ehr.receivedWith(marker);
        assertThat(deliveries).extracting(EhrStandIn.Received::status).containsExactly(500, 201);
        assertThat(deliveries.get(0).body()).isEqualTo(deliveries.get(1).body());
    }

    private JsonNode cards(ItHooks.Registered study) {
        try {
            return hooks.cardsWhenDone(study);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fires study-complete until the card flags the (positive) study: "in progress" and failures come first. */
    private JsonNode resultCard(ItHooks.Registered study, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        JsonNode card;
        do {
            Thread.sleep(1_000);
            HttpResponse<String> response = hooks.post(HOOK, hooks.studyComplete(study), hooks.token(HOOK));
            card = ItHooks.JSON.readTree(response.body()).get("cards").get(0);
        } while (!card.get("indicator").asText().equals("critical")
                && Instant.now().isBefore(deadline));
        return card;
    }

    private void awaitDeliveries(String marker, int count, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (environment().ehr.receivedWith(marker).size() < count
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
    }

    private static SyntheticCtSeries tinySeries(int slices) {
        SyntheticCtSeries series = new SyntheticCtSeries();
        series.slices = slices;
        series.rows = 8;
        series.columns = 8;
        series.sliceSpacing = 0.5;
        series.thickness = 0.5;
        return series;
    }

    private void storeInBatches(SyntheticCtSeries series) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < series.slices; i++) {
            batch.add(SyntheticCtSeries.bytes(series.slice(i)));
            if (batch.size() == 250 || i == series.slices - 1) {
                pacs.store(batch);
                batch.clear();
            }
        }
    }

    private ItHooks.Registered register(SyntheticCtSeries series) {
        StudyRegistration.Registered registered = new StudyRegistration(
                        new org.ichcds.demo.FhirRest(baseUrl() + "/fhir", fhirContext, environment()::adminToken))
                .register(
                        series.patientId(),
                        "Test",
                        environment().pacs.dicomWebBase(),
                        series.studyUid,
                        new StudyRegistration.Series(series.seriesUid, "HEAD", series.sopUids()));
        return new ItHooks.Registered(null, registered);
    }

    /** A small head CT series, and a slice of it made hostile. */
    static final class TestSeriesWithHostile {

        static SyntheticCtSeries series() {
            SyntheticCtSeries series = new SyntheticCtSeries();
            series.rows = 64;
            series.columns = 64;
            series.slices = 8;
            return series;
        }

        /** The slice with an OB value inside sequences nested {@code depth} deep, past what the reader accepts. */
        static AttributeList nested(AttributeList slice, int depth) throws Exception {
            AttributeList item = new AttributeList();
            OtherByteAttribute document = new OtherByteAttribute(TagFromName.EncapsulatedDocument);
            document.setValues(new byte[16]);
            item.put(document);
            for (int level = 1; level < depth; level++) {
                SequenceAttribute inner = new SequenceAttribute(TagFromName.ContentSequence);
                inner.addItem(item);
                item = new AttributeList();
                item.put(inner);
            }
            SequenceAttribute outer = new SequenceAttribute(TagFromName.ContentSequence);
            outer.addItem(item);
            slice.put(outer);
            return slice;
        }
    }
}
