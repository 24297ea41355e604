package org.ichcds.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.ichcds.inference.Box;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.junit.jupiter.api.Test;

/** A bright square and its box must move together, whatever the rotation and scale drawn. */
class SliceAugmenterTest {

    private static final int SIZE = 64;

    @Test
    void theBoxFollowsItsLesion() {
        short[] packed = new short[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean lesion = x >= 40 && x < 50 && y >= 12 && y < 22;
                packed[y * SIZE + x] = HuCodec.of(lesion ? 70 : 0, true);
            }
        }
        Box box = Box.truth(HemorrhageLabel.INTRAPARENCHYMAL, 40, 12, 10, 10);
        Augmentation strong = new Augmentation(false, 10, 0.10, 4, 0.05, 0.10);
        SliceAugmenter augmenter =
                new SliceAugmenter(strong, PreprocessingSettings.defaults().channels(), SIZE);
        for (int seed = 0; seed < 20; seed++) {
            float[] out = new float[SIZE * SIZE * 3];
            List<Box> moved = augmenter.apply(new short[][] {packed}, List.of(box), new Random(seed), out, 0);
            assertThat(moved).hasSize(1);
            Box m = moved.get(0);
            // rotation by at most 10° grows the enclosing box a little; scale changes it by at most 10 %
            assertThat(m.width()).isBetween(8.5f, 13.5f);
            assertThat(inside(out, m)).as("seed %d", seed).isGreaterThan(0.9);
            assertThat(outside(out, m)).as("seed %d", seed).isLessThan(0.3);
            assertThat(m.label()).isEqualTo(HemorrhageLabel.INTRAPARENCHYMAL);
        }
    }

    @Test
    void withoutAugmentationTheSliceAndBoxAreUnchanged() {
        short[] packed = new short[SIZE * SIZE];
        for (int p = 0; p < packed.length; p++) {
            packed[p] = HuCodec.of(p % 97, true);
        }
        Box box = Box.truth(HemorrhageLabel.SUBDURAL, 5, 6, 7, 8);
        SliceAugmenter augmenter = new SliceAugmenter(
                Augmentation.none(), PreprocessingSettings.defaults().channels(), SIZE);
        float[] out = new float[SIZE * SIZE * 3];
        List<Box> moved = augmenter.apply(new short[][] {packed}, List.of(box), new Random(1), out, 0);
        float[] plain = new float[SIZE * SIZE * 3];
        new SliceWindows(PreprocessingSettings.defaults().channels()).render(packed, plain, 0);
        assertThat(out).containsExactly(plain, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(moved.get(0).x()).isCloseTo(5f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(moved.get(0).height()).isCloseTo(8f, org.assertj.core.data.Offset.offset(1e-4f));
    }

    /** Mean brain-window value of the central half of the box. */
    private static double inside(float[] image, Box box) {
        return mean(image, box.x() + box.width() / 4, box.y() + box.height() / 4, box.width() / 2, box.height() / 2);
    }

    /** Mean brain-window value of a ring just outside the box. */
    private static double outside(float[] image, Box box) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean near = x >= box.x() - 4
                        && x < box.x() + box.width() + 4
                        && y >= box.y() - 4
                        && y < box.y() + box.height() + 4;
                boolean in = x >= box.x() - 1
                        && x < box.x() + box.width() + 1
                        && y >= box.y() - 1
                        && y < box.y() + box.height() + 1;
                if (near && !in) {
                    sum += image[(y * SIZE + x) * 3];
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static double mean(float[] image, float x0, float y0, float w, float h) {
        double sum = 0;
        int n = 0;
        for (int y = (int) Math.ceil(y0); y < y0 + h; y++) {
            for (int x = (int) Math.ceil(x0); x < x0 + w; x++) {
                sum += image[(y * SIZE + x) * 3];
                n++;
            }
        }
        return sum / n;
    }
}
