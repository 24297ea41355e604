package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ichcds.dicom.CtVolume;
import org.ichcds.inference.Box;
import org.ichcds.inference.Calibration;
import org.ichcds.inference.FakeModelRunner;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.inference.SlicePrediction;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.reporting.LabelFinding;
import org.ichcds.reporting.StudyFindings;
import org.ichcds.training.phantoms.PhantomGenerator;
import org.ichcds.training.phantoms.PhantomSettings;
import org.junit.jupiter.api.Test;

/** The findings cards, FHIR and the viewer are built from carry the calibrated probability, judged by it. */
class VolumeAnalyzerTest {

    private static final int SIZE = 64;

    @Test
    void findingsCarryTheCalibratedProbabilityAndAreFlaggedOnIt() {
        Map<String, Double> thresholds = new TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.5));
        thresholds.put(HemorrhageLabel.SUBARACHNOID.code(), 0.2);
        ModelManifest manifest = FakeModelRunner.manifest(SIZE)
                .withCalibration(
                        Calibration.temperatures(Map.of(HemorrhageLabel.SUBARACHNOID, 0.5)), thresholds, Map.of());
        float[] p = new float[HemorrhageLabel.COUNT];
        p[HemorrhageLabel.ANY.ordinal()] = 0.9f;
        p[HemorrhageLabel.SUBDURAL.ordinal()] = 0.9f;
        p[HemorrhageLabel.SUBARACHNOID.ordinal()] = 0.3f;
        FakeModelRunner runner = new FakeModelRunner(manifest, i -> new SlicePrediction(p, List.of()));
        StudyFindings findings = analyzePhantom(runner);

        LabelFinding sah = finding(findings, HemorrhageLabel.SUBARACHNOID);
        // sigmoid(logit(0.3) / 0.5) = 0.3² / (0.3² + 0.7²) = 0.155: below 0.2, though the raw 0.3 is above it
        assertThat(sah.probability()).isCloseTo(0.09 / 0.58, within(1e-6));
        assertThat(sah.positive()).isFalse();
        assertThat(finding(findings, HemorrhageLabel.SUBDURAL).probability()).isCloseTo(0.9, within(1e-6));
        assertThat(findings.findings())
                .filteredOn(LabelFinding::positive)
                .extracting(LabelFinding::label)
                .containsExactly(HemorrhageLabel.ANY.code(), HemorrhageLabel.SUBDURAL.code());
    }

    @Test
    void onlyAFlaggedLabelCarriesBoxes() {
        float[] p = new float[HemorrhageLabel.COUNT];
        p[HemorrhageLabel.ANY.ordinal()] = 0.9f;
        p[HemorrhageLabel.SUBDURAL.ordinal()] = 0.9f;
        p[HemorrhageLabel.EPIDURAL.ordinal()] = 0.3f;
        // the detector scores a box for both; epidural is below its threshold (0.5) and reported absent
        List<Box> boxes = List.of(
                new Box(HemorrhageLabel.SUBDURAL, 0.8f, 10, 10, 12, 20),
                new Box(HemorrhageLabel.EPIDURAL, 0.4f, 40, 8, 9, 9));
        FakeModelRunner runner = new FakeModelRunner(SIZE, i -> new SlicePrediction(p, i == 2 ? boxes : List.of()));
        StudyFindings findings = analyzePhantom(runner);

        LabelFinding epidural = finding(findings, HemorrhageLabel.EPIDURAL);
        assertThat(epidural.positive()).isFalse();
        assertThat(epidural.boxes()).isEmpty();
        LabelFinding subdural = finding(findings, HemorrhageLabel.SUBDURAL);
        assertThat(subdural.positive()).isTrue();
        assertThat(subdural.boxes())
                .singleElement()
                .satisfies(b -> assertThat(b.sliceIndex()).isEqualTo(2));
        for (HemorrhageLabel absent : List.of(
                HemorrhageLabel.INTRAPARENCHYMAL,
                HemorrhageLabel.INTRAVENTRICULAR,
                HemorrhageLabel.SUBARACHNOID,
                HemorrhageLabel.CHRONIC)) {
            assertThat(finding(findings, absent).boxes()).isEmpty();
        }
    }

    @Test
    void theManifestsBoxStudyExponentWeighsTheReportedBoxes() {
        float[] p = new float[HemorrhageLabel.COUNT];
        p[HemorrhageLabel.ANY.ordinal()] = 0.9f;
        p[HemorrhageLabel.SUBDURAL.ordinal()] = 0.64f;
        p[HemorrhageLabel.INTRAPARENCHYMAL.ordinal()] = 0.9801f;
        List<Box> boxes = List.of(
                new Box(HemorrhageLabel.SUBDURAL, 0.5f, 10, 10, 12, 20),
                new Box(HemorrhageLabel.INTRAPARENCHYMAL, 0.45f, 40, 8, 9, 9));
        ModelManifest plain = FakeModelRunner.manifest(SIZE);
        StudyFindings detector =
                analyzePhantom(new FakeModelRunner(plain, i -> new SlicePrediction(p, i == 2 ? boxes : List.of())));
        assertThat(finding(detector, HemorrhageLabel.ANY).boxes())
                .extracting(b -> b.score())
                .containsExactly(0.5, (double) 0.45f);

        // sqrt(0.9801) = 0.99 and sqrt(0.64) = 0.8: the surer subtype's box now comes first in the any list
        StudyFindings weighted = analyzePhantom(new FakeModelRunner(
                plain.withBoxStudyExponent(0.5), i -> new SlicePrediction(p, i == 2 ? boxes : List.of())));
        assertThat(finding(weighted, HemorrhageLabel.ANY).boxes())
                .extracting(b -> b.score())
                .satisfiesExactly(
                        s -> assertThat(s).isCloseTo(0.4455, within(1e-5)),
                        s -> assertThat(s).isCloseTo(0.4, within(1e-5)));
        assertThat(finding(weighted, HemorrhageLabel.SUBDURAL).boxes())
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.score()).isCloseTo(0.4, within(1e-5));
                    assertThat(b.sliceIndex()).isEqualTo(2);
                });
        assertThat(finding(weighted, HemorrhageLabel.SUBDURAL).probability())
                .isEqualTo(finding(detector, HemorrhageLabel.SUBDURAL).probability());
    }

    /** Findings of the runner on one 256² phantom. */
    private static StudyFindings analyzePhantom(FakeModelRunner runner) {
        PhantomGenerator generator = new PhantomGenerator(new PhantomSettings(11, 256, 1.0));
        CtVolume volume = generator.generate(generator.plan(1).get(0)).volume();
        return new VolumeAnalyzer(runner, new StudyAggregator(StudyAggregator.Options.defaults()))
                .analyze(
                        "a-1",
                        new StudyTarget(
                                volume.studyUid(), URI.create("http://pacs/dicom-web"), "Patient/1", null, List.of()),
                        volume)
                .findings();
    }

    private static LabelFinding finding(StudyFindings findings, HemorrhageLabel label) {
        return findings.findings().stream()
                .filter(f -> f.label().equals(label.code()))
                .findFirst()
                .orElseThrow();
    }
}
