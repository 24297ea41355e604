package org.ichcds.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ichcds.inference.Box;
import org.ichcds.inference.HemorrhageLabel;

/** A trivially learnable task: dim noise, and on half the slices a bright square labelled as a subdural bleed. */
final class SyntheticSquares {

    private SyntheticSquares() {}

    static TrainingBatch batch(int count, int size, long seed) {
        Random random = new Random(seed);
        float[] images = new float[count * size * size * 3];
        float[] labels = new float[count * HemorrhageLabel.COUNT];
        List<List<Box>> boxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int base = i * size * size * 3;
            for (int p = 0; p < size * size * 3; p++) {
                images[base + p] = 0.2f * random.nextFloat();
            }
            if (i % 2 == 0) {
                boxes.add(List.of());
                continue;
            }
            int side = size / 8 + random.nextInt(size / 4);
            int x = random.nextInt(size - side);
            int y = random.nextInt(size - side);
            for (int r = y; r < y + side; r++) {
                for (int c = x; c < x + side; c++) {
                    for (int ch = 0; ch < 3; ch++) {
                        images[base + (r * size + c) * 3 + ch] = 0.8f + 0.2f * random.nextFloat();
                    }
                }
            }
            labels[i * HemorrhageLabel.COUNT + HemorrhageLabel.ANY.ordinal()] = 1f;
            labels[i * HemorrhageLabel.COUNT + HemorrhageLabel.SUBDURAL.ordinal()] = 1f;
            boxes.add(List.of(Box.truth(HemorrhageLabel.SUBDURAL, x, y, side, side)));
        }
        return new TrainingBatch(images, count, size, size, labels, boxes);
    }
}
