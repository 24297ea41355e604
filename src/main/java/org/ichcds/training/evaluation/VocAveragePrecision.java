package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.training.dataset.LabelledBox;

/** Average precision as the PASCAL VOC 2010+ devkit computes it (see {@link Metrics#averagePrecision}). */
final class VocAveragePrecision {

    private VocAveragePrecision() {}

    static OptionalDouble of(List<LabelledBox> detections, List<LabelledBox> truths, double minIou) {
        if (truths.isEmpty()) {
            return OptionalDouble.empty();
        }
        boolean[] hits = ranked(detections, truths, minIou).hits();
        double[] recall = new double[hits.length];
        double[] precision = new double[hits.length];
        int tp = 0;
        for (int i = 0; i < hits.length; i++) {
            tp += hits[i] ? 1 : 0;
            recall[i] = (double) tp / truths.size();
            precision[i] = (double) tp / (i + 1);
        }
        return OptionalDouble.of(areaUnderEnvelope(recall, precision));
    }

    /**
     * The detections from the highest score down, each matched as the devkit matches it.
     *
     * @param boxes the detections by falling score
     * @param hits per detection of {@code boxes}, whether it claimed a truth box not claimed before it, at {@code minIou}
     *     or more (a true positive)
     */
    record Ranked(List<LabelledBox> boxes, boolean[] hits) {}

    /** Ranks the detections by score and matches each, in that order, to the best unclaimed truth box of its slice. */
    static Ranked ranked(List<LabelledBox> detections, List<LabelledBox> truths, double minIou) {
        Map<String, List<PixelBox>> byImage = new HashMap<>();
        truths.forEach(t -> byImage.computeIfAbsent(t.sopInstanceUid(), k -> new ArrayList<>())
                .add(t.box()));
        Map<String, boolean[]> claimed = new HashMap<>();
        byImage.forEach((image, boxes) -> claimed.put(image, new boolean[boxes.size()]));
        List<LabelledBox> ranked = detections.stream()
                .sorted(Comparator.comparingDouble(LabelledBox::score).reversed())
                .toList();
        boolean[] hits = new boolean[ranked.size()];
        for (int i = 0; i < ranked.size(); i++) {
            LabelledBox d = ranked.get(i);
            int best = bestMatch(d.box(), byImage.getOrDefault(d.sopInstanceUid(), List.of()));
            if (best >= 0
                    && iou(d.box(), byImage.get(d.sopInstanceUid()).get(best)) >= minIou
                    && !claimed.get(d.sopInstanceUid())[best]) {
                claimed.get(d.sopInstanceUid())[best] = true;
                hits[i] = true;
            }
        }
        return new Ranked(ranked, hits);
    }

    static double iou(PixelBox a, PixelBox b) {
        double w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
        double h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        double intersection = Math.max(0, w) * Math.max(0, h);
        double union = a.width() * a.height() + b.width() * b.height() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    private static int bestMatch(PixelBox box, List<PixelBox> candidates) {
        int best = -1;
        double bestIou = -1;
        for (int i = 0; i < candidates.size(); i++) {
            double iou = iou(box, candidates.get(i));
            if (iou > bestIou) {
                bestIou = iou;
                best = i;
            }
        }
        return best;
    }

    /** VOC 2010 devkit {@code VOCap}: make precision non-increasing from the right, sum precision × recall steps. */
    private static double areaUnderEnvelope(double[] recall, double[] precision) {
        int n = recall.length;
        double[] envelope = new double[n];
        double running = 0;
        for (int i = n - 1; i >= 0; i--) {
            running = Math.max(running, precision[i]);
            envelope[i] = running;
        }
        double area = 0;
        double previousRecall = 0;
        for (int i = 0; i < n; i++) {
            area += (recall[i] - previousRecall) * envelope[i];
            previousRecall = recall[i];
        }
        return area;
    }
}
