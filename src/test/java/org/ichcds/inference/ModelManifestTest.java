package org.ichcds.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ichcds.preprocessing.SlabMode;
import org.junit.jupiter.api.Test;

class ModelManifestTest {

    static ModelManifest sample(int size) {
        Map<String, Double> thresholds = new TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.4));
        return new ModelManifest(
                "ich-test",
                "1.2.3",
                "resnet-v2 small",
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(size, size),
                ModelManifest.standardWindows(),
                thresholds,
                Map.of("saved_model.pb", "a".repeat(64)),
                "phantoms, seed 1",
                Map.of("auc.any", 0.97),
                null);
    }

    @Test
    void aManifestWithoutCalibrationLoadsWithIdentityCalibration() {
        String json = sample(64).toJson().replaceFirst(",\\s*\"calibration\"\\s*:\\s*\\{[^}]*\\}[^}]*\\}", "");
        assertThat(json).doesNotContain("calibration");
        ModelManifest parsed = ModelManifest.parse(json);
        assertThat(parsed.calibration()).isEqualTo(Calibration.identity());
        assertThat(parsed.calibration().apply(HemorrhageLabel.SUBDURAL, 0.07)).isEqualTo(0.07);
    }

    @Test
    void aSequenceHeadRoundTripsAndIsAbsentFromSliceOnlyManifests() {
        assertThat(sample(64).toJson()).doesNotContain("sequenceHead");
        assertThat(ModelManifest.parse(sample(64).toJson()).hasSequenceHead()).isFalse();
        ModelManifest withHead =
                sample(64).withSequenceHead(new ModelManifest.SequenceHead("sequence", 192, "temporal conv"));
        ModelManifest parsed = ModelManifest.parse(withHead.toJson());
        assertThat(parsed).isEqualTo(withHead);
        assertThat(parsed.sequenceHead().embeddingWidth()).isEqualTo(192);
        // the other copies keep the head
        assertThat(parsed.withMetrics(Map.of()).withTrainingData("x").sequenceHead())
                .isEqualTo(withHead.sequenceHead());
    }

    @Test
    void aHeadServesTheLabelsItNamesInContractOrderAndEveryLabelWithoutTheField() {
        ModelManifest.SequenceHead all = new ModelManifest.SequenceHead("sequence", 192, "conv");
        String json = sample(64).withSequenceHead(all).toJson();
        assertThat(json.substring(json.indexOf("\"sequenceHead\""))).doesNotContain("labels");
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            assertThat(all.serves(label)).isTrue();
        }
        ModelManifest.SequenceHead some = all.withLabels(List.of(HemorrhageLabel.SUBDURAL, HemorrhageLabel.ANY));
        assertThat(some.labels()).containsExactly("any", "subdural");
        assertThat(some.serves(HemorrhageLabel.INTRAPARENCHYMAL)).isFalse();
        assertThat(some.serves(HemorrhageLabel.SUBDURAL)).isTrue();
        ModelManifest parsed =
                ModelManifest.parse(sample(64).withSequenceHead(some).toJson());
        assertThat(parsed.sequenceHead()).isEqualTo(some);
        // every label named is the same as the field left out; none named is a head bypassed for every label
        assertThat(all.withLabels(List.of(HemorrhageLabel.values())).labels()).isNull();
        ModelManifest.SequenceHead none = all.withLabels(List.of());
        assertThat(ModelManifest.parse(sample(64).withSequenceHead(none).toJson())
                        .sequenceHead()
                        .labels())
                .isEmpty();

        String partial = sample(64).withSequenceHead(some).toJson();
        assertThatThrownBy(() -> ModelManifest.parse(partial.replace("\"subdural\" ]", "\"subdural\", \"edh\" ]")))
                .hasMessageContaining("sequenceHead labels name 'edh', which is not a label of the contract");
        assertThatThrownBy(() -> ModelManifest.parse(partial.replace("\"subdural\" ]", "\"subdural\", \"any\" ]")))
                .hasMessageContaining("sequenceHead labels name 'any' twice");
    }

    @Test
    void rejectsSequenceHeadsOutsideTheDirectoryOrWithoutAWidth() {
        String json = sample(64)
                .withSequenceHead(new ModelManifest.SequenceHead("sequence", 192, ""))
                .toJson();
        assertThatThrownBy(() -> ModelManifest.parse(json.replace("\"sequence\"", "\"../elsewhere\"")))
                .hasMessageContaining("sequenceHead directory '../elsewhere' is not a relative path");
        assertThatThrownBy(() -> ModelManifest.parse(json.replace("\"sequence\"", "\"/abs\"")))
                .hasMessageContaining("'/abs'");
        assertThatThrownBy(() -> ModelManifest.parse(json.replace("\"sequence\"", "\"a/../../b\"")))
                .hasMessageContaining("not a relative path");
        assertThatThrownBy(() -> ModelManifest.parse(json.replace("192", "0")))
                .hasMessageContaining("sequenceHead embeddingWidth 0 is outside 1..65536");
        assertThatThrownBy(() ->
                        ModelManifest.parse(json.replace("\"embeddingWidth\" : 192", "\"embeddingWidth\" : \"wide\"")))
                .hasMessageContaining("invalid manifest");
    }

    @Test
    void boxScalesRoundTripAreAbsentWhenIdentityAndNameSubtypesOnly() {
        assertThat(sample(64).toJson()).doesNotContain("boxScales");
        assertThat(ModelManifest.parse(sample(64).toJson()).boxScale(HemorrhageLabel.SUBDURAL))
                .isEqualTo(BoxScale.IDENTITY);
        ModelManifest scaled = sample(64)
                .withBoxScales(Map.of(
                        HemorrhageLabel.SUBDURAL, new BoxScale(0.7, 1.0), HemorrhageLabel.EPIDURAL, BoxScale.IDENTITY));
        String json = scaled.toJson();
        assertThat(json)
                .contains("\"boxScales\"")
                .doesNotContain("\"epidural\" : {")
                .doesNotContain("\"identity\" :");
        ModelManifest parsed = ModelManifest.parse(json);
        assertThat(parsed.boxScale(HemorrhageLabel.SUBDURAL)).isEqualTo(new BoxScale(0.7, 1.0));
        assertThat(parsed.boxScale(HemorrhageLabel.EPIDURAL)).isEqualTo(BoxScale.IDENTITY);
        assertThat(parsed.withMetrics(Map.of()).withTrainingData("x").boxScale(HemorrhageLabel.SUBDURAL))
                .isEqualTo(new BoxScale(0.7, 1.0));
        assertThatThrownBy(() -> ModelManifest.parse(json.replace("\"subdural\" : {", "\"any\" : {")))
                .hasMessageContaining("boxScales name 'any', which is not a subtype of the contract");
        assertThatThrownBy(() -> ModelManifest.parse(json.replace("0.7", "9.0")))
                .hasMessageContaining("box scale width 9.0 height 1.0 is outside 0.25..4.0");
        assertThat(new BoxScale(0.5, 2).after(new BoxScale(0.8, 0.5))).isEqualTo(new BoxScale(0.4, 1.0));
        assertThat(new BoxScale(0.5, 3).after(new BoxScale(0.4, 2))).isEqualTo(new BoxScale(0.25, 4.0));
    }

    @Test
    void aCalibrationRoundTripsAndScalesTheLogit() {
        ModelManifest calibrated = sample(64)
                .withCalibration(
                        Calibration.temperatures(Map.of(HemorrhageLabel.SUBARACHNOID, 2.0)),
                        sample(64).thresholds(),
                        Map.of("calibration.studies", 40.0));
        ModelManifest parsed = ModelManifest.parse(calibrated.toJson());
        assertThat(parsed).isEqualTo(calibrated);
        assertThat(parsed.calibration().method()).isEqualTo("temperature");
        // logit(0.9) = ln 9; halved by T = 2: sigmoid(ln 3) = 0.75
        assertThat(parsed.calibration().apply(HemorrhageLabel.SUBARACHNOID, 0.9))
                .isCloseTo(0.75, within(1e-12));
        assertThat(parsed.calibration().apply(HemorrhageLabel.ANY, 0.9)).isEqualTo(0.9);
    }

    @Test
    void rejectsBadCalibrations() {
        String good = sample(64)
                .withCalibration(
                        Calibration.temperatures(Map.of(HemorrhageLabel.ANY, 1.5)),
                        sample(64).thresholds(),
                        Map.of())
                .toJson();
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"any\" : 1.5", "\"any\" : -1.0")))
                .hasMessageContaining("temperature of 'any' is -1.0");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"any\" : 1.5", "\"bleed\" : 1.5")))
                .hasMessageContaining("unknown label 'bleed'");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"temperature\",", "\"isotonic\",")))
                .hasMessageContaining("method 'isotonic' is unknown");
        // an offset belongs to Platt scaling only
        String withOffsets = good.replace("\"temperatures\"", "\"offsets\" : { \"any\" : 0.5 },\n    \"temperatures\"");
        assertThatThrownBy(() -> ModelManifest.parse(withOffsets))
                .hasMessageContaining("temperature calibration lists offsets [any]");
        String platt = withOffsets.replace("\"temperature\",", "\"platt\",");
        assertThat(ModelManifest.parse(platt).calibration().offset(HemorrhageLabel.ANY))
                .isEqualTo(0.5);
        assertThatThrownBy(() -> ModelManifest.parse(platt.replace("\"any\" : 0.5", "\"any\" : 99.0")))
                .hasMessageContaining("offset of 'any' is 99.0");
    }

    @Test
    void aPlattCalibrationRoundTripsAndShiftsTheScaledLogit() {
        ModelManifest calibrated = sample(64)
                .withCalibration(
                        Calibration.platt(
                                Map.of(HemorrhageLabel.ANY, 2.0, HemorrhageLabel.SUBDURAL, 1.0),
                                Map.of(HemorrhageLabel.ANY, -Math.log(3), HemorrhageLabel.SUBDURAL, 0.0)),
                        sample(64).thresholds(),
                        Map.of());
        String json = calibrated.toJson();
        assertThat(json).contains("\"offsets\"");
        ModelManifest parsed = ModelManifest.parse(json);
        assertThat(parsed).isEqualTo(calibrated);
        assertThat(parsed.calibration().method()).isEqualTo(Calibration.PLATT);
        // logit(0.9) = ln 9, halved by T = 2 to ln 3, minus ln 3: sigmoid(0) = 0.5
        assertThat(parsed.calibration().apply(HemorrhageLabel.ANY, 0.9)).isCloseTo(0.5, within(1e-12));
        assertThat(parsed.calibration().apply(HemorrhageLabel.SUBDURAL, 0.9)).isEqualTo(0.9);
        // a temperature-only calibration writes no offsets: manifests stay as they were
        assertThat(sample(64)
                        .withCalibration(
                                Calibration.temperatures(Map.of(HemorrhageLabel.ANY, 2.0)),
                                sample(64).thresholds(),
                                Map.of())
                        .toJson())
                .doesNotContain("offsets");
    }

    @Test
    void roundTripsThroughJson() {
        ModelManifest manifest = sample(256);
        ModelManifest parsed = ModelManifest.parse(manifest.toJson());
        assertThat(parsed).isEqualTo(manifest);
        assertThat(parsed.threshold(HemorrhageLabel.SUBDURAL)).isEqualTo(0.4);
        assertThat(parsed.windows())
                .containsExactly(ModelManifest.Window.BRAIN, ModelManifest.Window.SUBDURAL, ModelManifest.Window.BONE);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        String json = sample(64).toJson().replaceFirst("\\{", "{\"futureField\": [1, 2],");
        assertThat(ModelManifest.parse(json).id()).isEqualTo("ich-test");
    }

    @Test
    void rejectsLabelsInAnotherOrder() {
        String json = sample(64).toJson().replace("\"any\", \"epidural\"", "\"epidural\", \"any\"");
        assertThatThrownBy(() -> ModelManifest.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contract order");
    }

    @Test
    void rejectsHostileOrBrokenDocuments() {
        String good = sample(64).toJson();
        assertThatThrownBy(() -> ModelManifest.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse("null")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse("[1,2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse(good.substring(0, good.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid manifest");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"height\" : 64", "\"height\" : \"tall\"")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"height\" : 64", "\"height\" : 99999")))
                .hasMessageContaining("99999");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"id\" : \"ich-test\",", "")))
                .hasMessageContaining("id");
    }

    @Test
    void rejectsBadThresholdsAndDigests() {
        String good = sample(64).toJson();
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("\"chronic\" : 0.4", "\"chronic\" : 1.5")))
                .hasMessageContaining("'chronic' is 1.5");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("a".repeat(64), "xyz")))
                .hasMessageContaining("'xyz'");
        assertThatThrownBy(() -> ModelManifest.parse(good.replace("saved_model.pb", "../../etc/passwd")))
                .hasMessageContaining("../../etc/passwd");
    }

    @Test
    void testTimeAugmentationRoundTripsAndNoneIsLeftOut() {
        ModelManifest flip = sample(64).withAugmentation(TestTimeAugmentation.FLIP);
        assertThat(flip.toJson()).contains("\"testTimeAugmentation\" : \"flip\"");
        assertThat(ModelManifest.parse(flip.toJson())).isEqualTo(flip);
        assertThat(ModelManifest.parse(flip.toJson()).augmentation()).isEqualTo(TestTimeAugmentation.FLIP);

        ModelManifest none = flip.withAugmentation(TestTimeAugmentation.NONE);
        assertThat(none.toJson()).doesNotContain("testTimeAugmentation");
        assertThat(none).isEqualTo(sample(64));
        String written = flip.toJson().replace("\"flip\"", "\"none\"");
        assertThat(ModelManifest.parse(written)).isEqualTo(sample(64));
        assertThat(sample(64).augmentation()).isEqualTo(TestTimeAugmentation.NONE);
    }

    @Test
    void anUnknownTestTimeAugmentationIsRefusedNamingTheWords() {
        String json =
                sample(64).withAugmentation(TestTimeAugmentation.FLIP).toJson().replace("\"flip\"", "\"rotate\"");
        assertThatThrownBy(() -> ModelManifest.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("testTimeAugmentation 'rotate' is not one of none, flip");
    }

    @Test
    void flipShareRoundTripsAndHoldsOnlyWithFlipInsideZeroToOne() {
        ModelManifest flip = sample(64).withAugmentation(TestTimeAugmentation.FLIP);
        assertThat(flip.toJson()).doesNotContain("flipShare");
        assertThat(flip.augmentationText()).isEqualTo("flip");
        ModelManifest quarter = flip.withFlipShare(0.25);
        assertThat(quarter.toJson()).contains("\"flipShare\" : 0.25");
        assertThat(ModelManifest.parse(quarter.toJson())).isEqualTo(quarter);
        assertThat(quarter.augmentationText())
                .isEqualTo("flip on the 25 % of each series' slices with the highest any probability");
        assertThat(flip.withFlipShare(1.0 / 3).augmentationText()).startsWith("flip on the 33.3 % of");
        // leaving flip drops the share with it
        assertThat(quarter.withAugmentation(TestTimeAugmentation.NONE)).isEqualTo(sample(64));

        String withoutFlip = quarter.toJson().replace("\"flip\"", "\"none\"");
        assertThatThrownBy(() -> ModelManifest.parse(withoutFlip))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flipShare 0.25 needs testTimeAugmentation flip");
        for (String bad : new String[] {"1.5", "0.0", "-0.1"}) {
            String json = quarter.toJson().replace("0.25", bad);
            assertThatThrownBy(() -> ModelManifest.parse(json))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("flipShare " + Double.parseDouble(bad) + " is outside (0, 1]");
        }
        assertThat(ModelManifest.parse(quarter.toJson().replace("0.25", "1.0")).flipShare())
                .isEqualTo(1.0);
    }

    @Test
    void aBoxMergeRoundTripsIsLeftOutWhenItSuppressesAndNamesTheWordsWhenUnknown() {
        ModelManifest plain = sample(64);
        assertThat(plain.toJson()).doesNotContain("boxMerge");
        assertThat(plain.boxMergeMode()).isEqualTo(BoxMerge.SUPPRESS);
        ModelManifest weighted = plain.withBoxMerge(BoxMerge.WEIGHTED);
        assertThat(weighted.toJson()).contains("\"boxMerge\" : \"weighted\"");
        assertThat(ModelManifest.parse(weighted.toJson())).isEqualTo(weighted);
        assertThat(ModelManifest.parse(weighted.toJson()).boxMergeMode()).isEqualTo(BoxMerge.WEIGHTED);
        // "suppress" is the default, read as absent
        assertThat(ModelManifest.parse(weighted.toJson().replace("\"weighted\"", "\"suppress\"")))
                .isEqualTo(plain);
        assertThatThrownBy(() -> ModelManifest.parse(weighted.toJson().replace("\"weighted\"", "\"mean\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boxMerge 'mean' is not one of suppress, weighted");
    }

    @Test
    void boxGridsRoundTripLeaveOutBothAndRefuseUnknownWordsAndLabels() {
        ModelManifest plain = sample(64);
        assertThat(plain.toJson()).doesNotContain("boxGrids");
        assertThat(plain.boxGrid(HemorrhageLabel.SUBDURAL)).isEqualTo(BoxGrid.BOTH);
        ModelManifest chosen = plain.withBoxGrids(java.util.Map.of(
                HemorrhageLabel.SUBDURAL, BoxGrid.COARSE,
                HemorrhageLabel.EPIDURAL, BoxGrid.FINE,
                HemorrhageLabel.CHRONIC, BoxGrid.BOTH));
        assertThat(chosen.toJson()).contains("\"subdural\" : \"coarse\"", "\"epidural\" : \"fine\"");
        assertThat(chosen.toJson()).doesNotContain("\"chronic\" : \"both\"");
        ModelManifest read = ModelManifest.parse(chosen.toJson());
        assertThat(read).isEqualTo(chosen);
        assertThat(read.boxGrid(HemorrhageLabel.SUBDURAL)).isEqualTo(BoxGrid.COARSE);
        assertThat(read.boxGrid(HemorrhageLabel.EPIDURAL)).isEqualTo(BoxGrid.FINE);
        assertThat(read.boxGrid(HemorrhageLabel.CHRONIC)).isEqualTo(BoxGrid.BOTH);
        assertThatThrownBy(() -> plain.boxGrid(HemorrhageLabel.ANY)).isInstanceOf(IllegalArgumentException.class);
        // "both" written by hand is read as absent
        assertThat(ModelManifest.parse(
                        chosen.toJson().replace("\"coarse\"", "\"both\"").replace("\"fine\"", "\"both\"")))
                .isEqualTo(plain);
        assertThatThrownBy(() -> ModelManifest.parse(chosen.toJson().replace("\"coarse\"", "\"stride16\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boxGrids 'stride16' is not one of both, coarse, fine");
        assertThatThrownBy(() -> ModelManifest.parse(
                        chosen.toJson().replace("\"subdural\" : \"coarse\"", "\"any\" : \"coarse\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("boxGrids name 'any', which is not a subtype");
    }

    @Test
    void aMinBoxScoreRoundTripsIsLeftOutWhenAbsentAndMustLieInZeroToOne() {
        ModelManifest plain = sample(64);
        assertThat(plain.toJson()).doesNotContain("minBoxScore");
        assertThat(plain.boxScoreShown()).isEqualTo(0.25f);
        ModelManifest own = plain.withMinBoxScore(0.18);
        assertThat(own.toJson()).contains("\"minBoxScore\" : 0.18");
        assertThat(ModelManifest.parse(own.toJson())).isEqualTo(own);
        assertThat(own.boxScoreShown()).isEqualTo(0.18f);
        assertThat(own.withMinBoxScore(null)).isEqualTo(plain);
        // the other copies keep it
        assertThat(own.withBoxMerge(BoxMerge.WEIGHTED).minBoxScore()).isEqualTo(0.18);
        // a runner's options name their own score, or take the model's
        assertThat(RunnerOptions.defaults().minBoxScore(own)).isEqualTo(0.18f);
        assertThat(RunnerOptions.defaults().minBoxScore(plain)).isEqualTo(0.25f);
        assertThat(RunnerOptions.defaults().withMinBoxScore(0.4f).minBoxScore(own))
                .isEqualTo(0.4f);
        for (String bad : List.of("0", "1", "1.5", "-0.1")) {
            assertThatThrownBy(() -> ModelManifest.parse(
                            own.toJson().replace("\"minBoxScore\" : 0.18", "\"minBoxScore\" : " + bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("minBoxScore " + Double.parseDouble(bad) + " is outside (0, 1)")
                    .hasMessageContaining("remove it to show boxes from 0.25");
        }
    }

    @Test
    void aBoxStudyExponentRoundTripsIsLeftOutWhenAbsentAndMustLieInZeroToTwo() {
        ModelManifest plain = sample(64);
        assertThat(plain.toJson()).doesNotContain("boxStudyExponent");
        assertThat(plain.boxStudyWeight()).isZero();
        ModelManifest half = plain.withBoxStudyExponent(0.5);
        assertThat(half.toJson()).contains("\"boxStudyExponent\" : 0.5");
        assertThat(ModelManifest.parse(half.toJson())).isEqualTo(half);
        assertThat(half.boxStudyWeight()).isEqualTo(0.5);
        assertThat(half.withBoxStudyExponent(null)).isEqualTo(plain);
        // the other copies keep it
        assertThat(half.withAugmentation(TestTimeAugmentation.FLIP)
                        .withMetrics(Map.of())
                        .boxStudyWeight())
                .isEqualTo(0.5);
        for (String bad : new String[] {"2.5", "0.0", "-1.0"}) {
            String json = half.toJson().replace("\"boxStudyExponent\" : 0.5", "\"boxStudyExponent\" : " + bad);
            assertThatThrownBy(() -> ModelManifest.parse(json))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("boxStudyExponent " + Double.parseDouble(bad) + " is outside (0, 2];"
                            + " remove it to score boxes by the detector alone");
        }
        assertThat(ModelManifest.parse(
                                half.toJson().replace("\"boxStudyExponent\" : 0.5", "\"boxStudyExponent\" : 2.0"))
                        .boxStudyWeight())
                .isEqualTo(2.0);
    }

    @Test
    void sliceContextRoundTripsIsLeftOutWhenFalseAndGivesTheInputNineChannels() {
        ModelManifest plain = sample(64);
        assertThat(plain.toJson()).doesNotContain("sliceContext");
        assertThat(plain.hasSliceContext()).isFalse();
        assertThat(plain.inputChannels()).isEqualTo(3);
        assertThat(ModelPreprocessing.of(plain).sliceContext()).isFalse();
        ModelManifest context = plain.withSliceContext(true);
        assertThat(context.toJson()).contains("\"sliceContext\" : true");
        assertThat(ModelManifest.parse(context.toJson())).isEqualTo(context);
        assertThat(context.inputChannels()).isEqualTo(9);
        assertThat(ModelPreprocessing.of(context).sliceContext()).isTrue();
        assertThat(ModelPreprocessing.of(context).channelCount()).isEqualTo(9);
        // false is read as absent, and the other copies keep it
        assertThat(ModelManifest.parse(context.toJson().replace("\"sliceContext\" : true", "\"sliceContext\" : false")))
                .isEqualTo(plain);
        assertThat(context.withSliceContext(false)).isEqualTo(plain);
        assertThat(context.withMinBoxScore(0.2).withSlabMm(3.0).hasSliceContext())
                .isTrue();
    }

    @Test
    void aSlabRoundTripsIsLeftOutWhenAbsentReachesThePreprocessingAndMustLieInOneToTen() {
        ModelManifest plain = sample(64);
        assertThat(plain.toJson()).doesNotContain("slabMm");
        assertThat(plain.slabThicknessMm()).isZero();
        assertThat(ModelPreprocessing.of(plain).slabMm()).isZero();
        ModelManifest slab = plain.withSlabMm(3.0);
        assertThat(slab.toJson()).contains("\"slabMm\" : 3.0");
        assertThat(ModelManifest.parse(slab.toJson())).isEqualTo(slab);
        assertThat(ModelPreprocessing.of(slab).slabMm()).isEqualTo(3.0);
        assertThat(slab.withSlabMm(null)).isEqualTo(plain);
        // the other copies keep it
        assertThat(slab.withMinBoxScore(0.2).withMetrics(Map.of()).slabThicknessMm())
                .isEqualTo(3.0);
        for (String bad : new String[] {"0.5", "0.0", "10.5", "-3.0"}) {
            String json = slab.toJson().replace("\"slabMm\" : 3.0", "\"slabMm\" : " + bad);
            assertThatThrownBy(() -> ModelManifest.parse(json))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("slabMm " + Double.parseDouble(bad) + " is outside [1, 10.0];"
                            + " remove it to read every slice as it is");
        }
        // the median: written when named, mean left out, and only with a slab
        assertThat(slab.toJson()).doesNotContain("slabMode");
        ModelManifest median = slab.withSlabMode(SlabMode.MEDIAN);
        assertThat(median.toJson()).contains("\"slabMode\" : \"median\"");
        assertThat(ModelManifest.parse(median.toJson())).isEqualTo(median);
        assertThat(ModelPreprocessing.of(median).slabMode()).isEqualTo(SlabMode.MEDIAN);
        assertThat(median.withSlabMode(SlabMode.MEAN)).isEqualTo(slab);
        assertThat(median.withSlabMm(null)).isEqualTo(plain);
        assertThatThrownBy(() -> plain.withSlabMode(SlabMode.MEDIAN))
                .hasMessageContaining("slabMode median needs slabMm");
        assertThatThrownBy(() -> ModelManifest.parse(median.toJson().replace("\"median\"", "\"max\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slabMode 'max' is not one of mean, median");
    }
}
