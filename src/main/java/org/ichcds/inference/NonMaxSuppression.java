package org.ichcds.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression applied separately to each subtype, as YOLO detectors do; with {@link
 * BoxMerge#WEIGHTED}, each kept box takes the score-weighted mean of the edges of the boxes it suppresses.
 */
public final class NonMaxSuppression {

    private final float iouThreshold;
    private final BoxMerge merge;

    /** @param iouThreshold a box overlapping a higher-scoring box of its subtype by more than this is dropped */
    public NonMaxSuppression(float iouThreshold) {
        this(iouThreshold, BoxMerge.SUPPRESS);
    }

    /**
     * @param iouThreshold a box overlapping a higher-scoring box of its subtype by more than this is suppressed
     * @param merge whether the suppressed boxes are dropped or merged into the box that suppressed them
     */
    public NonMaxSuppression(float iouThreshold, BoxMerge merge) {
        if (!(iouThreshold > 0f && iouThreshold <= 1f)) {
            throw new IllegalArgumentException("NMS IoU threshold " + iouThreshold + " is outside (0, 1]");
        }
        this.iouThreshold = iouThreshold;
        this.merge = java.util.Objects.requireNonNull(merge, "box merge");
    }

    /**
     * The kept boxes, highest score first. A box is suppressed by the first (highest-scoring) kept box of its subtype
     * it overlaps by more than the threshold, as the kept box was detected: merging never moves the box the overlaps
     * are measured against.
     */
    List<Box> apply(List<Box> boxes) {
        List<Box> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        List<List<Box>> suppressed = new ArrayList<>();
        for (Box candidate : sorted) {
            int by = -1;
            for (int k = 0; k < kept.size() && by < 0; k++) {
                Box keeper = kept.get(k);
                if (keeper.label() == candidate.label() && keeper.iou(candidate) > iouThreshold) {
                    by = k;
                }
            }
            if (by < 0) {
                kept.add(candidate);
                suppressed.add(new ArrayList<>());
            } else {
                suppressed.get(by).add(candidate);
            }
        }
        if (merge == BoxMerge.SUPPRESS) {
            return List.copyOf(kept);
        }
        List<Box> merged = new ArrayList<>(kept.size());
        for (int k = 0; k < kept.size(); k++) {
            merged.add(weighted(kept.get(k), suppressed.get(k)));
        }
        return List.copyOf(merged);
    }

    /** The kept box with its score, at the score-weighted mean of its and the suppressed boxes' edges. */
    private static Box weighted(Box keeper, List<Box> others) {
        if (others.isEmpty()) {
            return keeper;
        }
        double total = keeper.score();
        double left = keeper.score() * keeper.x();
        double top = keeper.score() * keeper.y();
        double right = keeper.score() * (keeper.x() + keeper.width());
        double bottom = keeper.score() * (keeper.y() + keeper.height());
        for (Box b : others) {
            total += b.score();
            left += b.score() * b.x();
            top += b.score() * b.y();
            right += b.score() * (b.x() + b.width());
            bottom += b.score() * (b.y() + b.height());
        }
        if (!(total > 0)) {
            return keeper;
        }
        float x = (float) (left / total);
        float y = (float) (top / total);
        return new Box(
                keeper.label(),
                keeper.score(),
                x,
                y,
                Math.max(0f, (float) (right / total) - x),
                Math.max(0f, (float) (bottom / total) - y));
    }
}
