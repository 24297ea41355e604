package org.ichcds.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ichcds.inference.Box;
import org.ichcds.inference.TestTimeFlip;

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
        int sliceValues = batch.height() * batch.width() * batch.channels();
        for (int i = 0; i < batch.count(); i++) {
            if (random.nextBoolean()) {
                TestTimeFlip.mirrorSlice(images, i * sliceValues, batch.height(), batch.width(), batch.channels());
                boxes.add(batch.boxes().get(i).stream()
                        .map(b -> mirrored(b, batch.width()))
                        .toList());
            } else {
                boxes.add(batch.boxes().get(i));
            }
        }
        return new TrainingBatch(images, batch.count(), batch.height(), batch.width(), batch.labels(), boxes);
    }

    /**
     * The box mirrored about the vertical axis. A box that reaches the right edge (clipped there in doubles, stored as
     * floats) can sum to a hair over the width, and its mirror must then start at 0, not at -0.00001.
     */
    static Box mirrored(Box box, int width) {
        float x = Math.max(0f, width - box.x() - box.width());
        return Box.truth(box.label(), x, box.y(), Math.min(box.width(), width - x), box.height());
    }
}
