package org.ichcds.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression applied separately to each subtype, as YOLO detectors do. */
public final class NonMaxSuppression {

    private final float iouThreshold;

    /** @param iouThreshold a box overlapping a higher-scoring box of its subtype by more than this is dropped */
    public NonMaxSuppression(float iouThreshold) {
        if (!(iouThreshold > 0f && iouThreshold <= 1f)) {
            throw new IllegalArgumentException("NMS IoU threshold " + iouThreshold + " is outside (0, 1]");
        }
        this.iouThreshold = iouThreshold;
    }

    /** The kept boxes, highest score first. */
    List<Box> apply(List<Box> boxes) {
        List<Box> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        for (Box candidate : sorted) {
            if (kept.stream().noneMatch(k -> k.label() == candidate.label() && k.iou(candidate) > iouThreshold)) {
                kept.add(candidate);
            }
        }
        return List.copyOf(kept);
    }
}
