package org.ichcds.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.ichcds.inference.Box;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;

class HorizontalFlipTest {

    @Test
    void mirrorsPixelsAndBoxesTogether() {
        // 1 slice, 2 rows x 4 columns; the pixel value encodes its column, channel in the tenths
        float[] image = new float[2 * 4 * 3];
        for (int p = 0; p < 8; p++) {
            for (int c = 0; c < 3; c++) {
                image[p * 3 + c] = (p % 4) + c / 10f;
            }
        }
        Box box = Box.truth(HemorrhageLabel.EPIDURAL, 0, 0, 1, 2);
        TrainingBatch batch = new TrainingBatch(image, 1, 2, 4, new float[7], List.of(List.of(box)));
        Random alwaysFlip = new Random() {
            @Override
            public boolean nextBoolean() {
                return true;
            }
        };
        TrainingBatch flipped = new HorizontalFlip(alwaysFlip).apply(batch);
        assertThat(flipped.images()[0]).isEqualTo(3f);
        assertThat(flipped.images()[1]).isEqualTo(3.1f);
        assertThat(flipped.images()[3 * 3 + 2]).isEqualTo(0.2f);
        assertThat(flipped.boxes().get(0)).containsExactly(Box.truth(HemorrhageLabel.EPIDURAL, 3, 0, 1, 2));
        assertThat(batch.images()[0]).as("the input batch is untouched").isZero();
    }

    @Test
    void boxesClippedAtTheRightEdgeMirrorToTheLeftEdge() {
        // clipped in doubles to [left, 256), stored as floats: for many left edges x + width is a hair over 256
        int overshooting = 0;
        for (int i = 0; i < 10_000; i++) {
            double left = 100 + i * 0.0123457;
            float x = (float) left;
            float width = (float) (256 - left);
            if (256f - x - width < 0f) {
                overshooting++;
            }
            Box mirrored = HorizontalFlip.mirrored(Box.truth(HemorrhageLabel.SUBDURAL, x, 3, width, 40), 256);
            assertThat(mirrored.x()).isGreaterThanOrEqualTo(0f).isLessThan(1e-3f);
            assertThat(mirrored.width()).isCloseTo(width, Offset.offset(1e-4f));
            assertThat(mirrored.x() + mirrored.width()).isLessThanOrEqualTo(256f);
        }
        assertThat(overshooting).as("left edges whose float sum overshoots").isPositive();
    }
}
