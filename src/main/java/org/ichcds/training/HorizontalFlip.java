package org.ichcds.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ichcds.inference.Box;

/**
 * Mirrors slices left to right with probability one half, boxes included. The head is near-symmetric about the
 * midsagittal plane and hemorrhages occur on either side, so a flipped slice is as plausible as the original.
 */
public final class HorizontalFlip {

    private final Random random;

    public HorizontalFlip(Random random) {
        this.random = random;
    }

    /** A new batch in which each slice is flipped or not, independently. */
    public TrainingBatch apply(TrainingBatch batch) {
        float[] images = batch.images().clone();
        List<List<Box>> boxes = new ArrayList<>(batch.count());
        int sliceValues = batch.height() * batch.width() * 3;
        for (int i = 0; i < batch.count(); i++) {
            if (random.nextBoolean()) {
                flipSlice(images, i * sliceValues, batch.height(), batch.width());
                boxes.add(batch.boxes().get(i).stream()
                        .map(b -> Box.truth(b.label(), batch.width() - b.x() - b.width(), b.y(), b.width(), b.height()))
                        .toList());
            } else {
                boxes.add(batch.boxes().get(i));
            }
        }
        return new TrainingBatch(images, batch.count(), batch.height(), batch.width(), batch.labels(), boxes);
    }

    private static void flipSlice(float[] pixels, int offset, int height, int width) {
        for (int row = 0; row < height; row++) {
            int rowStart = offset + row * width * 3;
            for (int left = 0, right = width - 1; left < right; left++, right--) {
                for (int c = 0; c < 3; c++) {
                    int a = rowStart + left * 3 + c;
                    int b = rowStart + right * 3 + c;
                    float t = pixels[a];
                    pixels[a] = pixels[b];
                    pixels[b] = t;
                }
            }
        }
    }
}
