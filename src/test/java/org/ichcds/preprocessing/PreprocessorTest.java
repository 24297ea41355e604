package org.ichcds.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ichcds.dicom.CtVolume;
import org.ichcds.training.phantoms.PhantomGenerator;
import org.ichcds.training.phantoms.PhantomSettings;
import org.ichcds.training.phantoms.PhantomStudy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static List<PhantomStudy> studies;
    private static final Preprocessor PREPROCESSOR = new Preprocessor(PreprocessingSettings.defaults());

    @BeforeAll
    static void generate() {
        PhantomGenerator generator = new PhantomGenerator(new PhantomSettings(42, 256, 1.0));
        studies = generator.plan(8).stream().map(generator::generate).toList();
    }

    @Test
    void brainMaskAgreesWithTheTrueIntracranialMask() {
        long both = 0;
        long predicted = 0;
        long truth = 0;
        for (PhantomStudy study : studies) {
            ModelInput input = PREPROCESSOR.preprocess(study.volume());
            for (int s = 0; s < input.slices(); s++) {
                boolean[] mask = input.brainMasks().get(s).toPixels();
                boolean[] real = study.intracranialMasks().get(s);
                for (int i = 0; i < mask.length; i++) {
                    both += mask[i] && real[i] ? 1 : 0;
                    predicted += mask[i] ? 1 : 0;
                    truth += real[i] ? 1 : 0;
                }
            }
        }
        double dice = 2.0 * both / (predicted + truth);
        System.out.printf("brain mask Dice over %d studies: %.4f%n", studies.size(), dice);
        assertThat(dice).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void keepsExtraAxialAndOtherBloodInsideTheMask() {
        long inside = 0;
        long total = 0;
        java.util.Map<String, long[]> bySubtype = new java.util.TreeMap<>();
        for (PhantomStudy study : studies) {
            ModelInput input = PREPROCESSOR.preprocess(study.volume());
            for (PhantomStudy.LesionTruth lesion : study.lesions()) {
                for (PhantomStudy.LesionSlice box : lesion.slices()) {
                    BrainMask mask = input.brainMasks().get(box.slice());
                    for (int y = 0; y < box.height(); y++) {
                        for (int x = 0; x < box.width(); x++) {
                            if (box.pixels()[y * box.width() + x]) {
                                total++;
                                boolean in = mask.contains(box.y() + y, box.x() + x);
                                inside += in ? 1 : 0;
                                long[] counts = bySubtype.computeIfAbsent(
                                        lesion.subtype().label(), k -> new long[2]);
                                counts[0] += in ? 1 : 0;
                                counts[1]++;
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("hemorrhage pixels inside the mask: %d of %d%n", inside, total);
        bySubtype.forEach((k, v) -> System.out.printf("  %s: %d of %d%n", k, v[0], v[1]));
        assertThat(total).isGreaterThan(1000);
        assertThat((double) inside / total).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void givesNhwcDataInTheUnitIntervalWithTheRequestedShape() {
        CtVolume volume = studies.get(0).volume();
        ModelInput input = PREPROCESSOR.preprocess(volume);
        assertThat(input.shape()).containsExactly(volume.sliceCount(), 256, 256, 3);
        assertThat(input.data()).hasSize(volume.sliceCount() * 256 * 256 * 3);
        for (float v : input.data()) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(input.transforms()).hasSize(volume.sliceCount());
    }

    @Test
    void boxesMapOntoTheSameTissueInModelCoordinates() {
        PhantomStudy study = studies.get(0);
        ModelInput input = PREPROCESSOR.preprocess(study.volume());
        PhantomStudy.LesionSlice box = study.lesions().get(0).slices().get(0);
        SliceTransform t = input.transforms().get(box.slice());
        PixelBox model = t.toModel(new PixelBox(box.x(), box.y(), box.width(), box.height()));
        assertThat(model.x()).isBetween(0.0, 256.0);
        assertThat(model.y()).isBetween(0.0, 256.0);
        assertThat(model.x() + model.width()).isBetween(0.0, 256.0);
        // bone window: the skull is kept; soft-tissue channels are zero outside the mask
        assertThat(input.value(box.slice(), 0, 0, 0)).isZero();
    }

    @Test
    void sliceContextStacksTheNeighboursChannels() {
        PreprocessingSettings d = PreprocessingSettings.defaults();
        Preprocessor context = new Preprocessor(new PreprocessingSettings(64, true, d.channels()));
        Preprocessor plain = new Preprocessor(new PreprocessingSettings(64, false, d.channels()));
        CtVolume volume = studies.get(1).volume();
        ModelInput withContext = context.preprocess(volume);
        ModelInput alone = plain.preprocess(volume);
        assertThat(withContext.channels()).isEqualTo(9);
        int s = 5;
        for (int c = 0; c < 3; c++) {
            assertThat(withContext.value(s, 32, 30, c)).isEqualTo(alone.value(s - 1, 32, 30, c));
            assertThat(withContext.value(s, 32, 30, 3 + c)).isEqualTo(alone.value(s, 32, 30, c));
            assertThat(withContext.value(s, 32, 30, 6 + c)).isEqualTo(alone.value(s + 1, 32, 30, c));
            assertThat(withContext.value(0, 32, 30, c)).isEqualTo(alone.value(0, 32, 30, c));
        }
    }
}
