package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.Box;
import org.ichcds.inference.FakeModelRunner;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.reporting.StudyFindings;
import org.junit.jupiter.api.Test;

class ServerWarmUpTest {

    private final List<Bundle> encoded = new ArrayList<>();

    @Test
    void theSyntheticSeriesIsAHeadTheReaderLoadsWithItsHounsfieldUnits() throws Exception {
        CtVolume volume = new StudyLoader()
                .fromEncoded(ServerWarmUp.syntheticSeries(5), "test")
                .volume();

        assertThat(volume.sliceCount()).isEqualTo(5);
        assertThat(volume.rows()).isEqualTo(512);
        short[] middle = volume.slices().get(2).hu();
        assertThat(middle[0]).as("corner: air").isEqualTo((short) -1000);
        assertThat(middle[256 * 512 + 256]).as("centre: brain").isEqualTo((short) 35);
        // the skull ring crosses the middle row near the left edge of the ellipse (0.33 of the width from the centre)
        assertThat(huAlongMiddleRow(middle)).contains((short) 1200, (short) 8, (short) 35);
        assertThat(volume.slices().get(2).hu())
                .as("the bleed-like spot on the middle slice")
                .contains((short) 65);
        assertThat(volume.slices().get(0).hu()).doesNotContain((short) 65);
    }

    @Test
    void anAnalysisRunsEveryStageAndStoresNothing() throws Exception {
        // positive on every slice, with a box, so that the positive paths (boxes, key slices, critical card) run too
        var model = new FakeModelRunner(
                64,
                i -> FakeModelRunner.prediction(
                        0.9f, List.of(new Box(HemorrhageLabel.SUBDURAL, 0.8f, 10, 10, 12, 12))));
        var warmUp = new ServerWarmUp(
                new VolumeAnalyzer(model, new StudyAggregator(StudyAggregator.Options.defaults())),
                new StudyLoader(),
                transaction -> {
                    encoded.add(transaction);
                    return "{}";
                },
                new ObjectMapper().findAndRegisterModules(),
                new ServerWarmUp.WarmUpProperties(2, 6));

        StudyFindings findings = warmUp.analyse(ServerWarmUp.syntheticSeries(6));
        warmUp.run(null);

        assertThat(findings.anyPositive()).isTrue();
        assertThat(model.slicesSeen()).as("one analyse, then two at start").isEqualTo(3 * 6);
        assertThat(encoded).hasSize(3);
        assertThat(encoded.get(0).getEntry())
                .anySatisfy(entry -> assertThat(entry.getResource()).isInstanceOf(DiagnosticReport.class));
    }

    @Test
    void switchedOffItAnalysesNothing() {
        var model = FakeModelRunner.negative(64);
        var warmUp = new ServerWarmUp(
                new VolumeAnalyzer(model, new StudyAggregator(StudyAggregator.Options.defaults())),
                new StudyLoader(),
                transaction -> "{}",
                new ObjectMapper(),
                new ServerWarmUp.WarmUpProperties(0, 40));

        warmUp.run(null);

        assertThat(model.slicesSeen()).isZero();
    }

    private static List<Short> huAlongMiddleRow(short[] slice) {
        List<Short> row = new ArrayList<>();
        for (int c = 0; c < 512; c++) {
            row.add(slice[256 * 512 + c]);
        }
        return row;
    }
}
