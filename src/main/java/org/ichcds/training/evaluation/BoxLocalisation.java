package org.ichcds.training.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ichcds.training.dataset.LabelledBox;

/**
 * Where one subtype's AP is lost: for each truth box, the predicted box of its subtype on its slice that overlaps it
 * most, whatever that box's score. A truth box with no predicted box on its slice is missed outright; one whose best
 * box overlaps it by less than the VOC IoU cannot count at any score, so the share reaching it bounds the AP's recall.
 *
 * @param withBox share of the truth boxes whose slice has at least one predicted box of the subtype
 * @param reachable share of the truth boxes whose best predicted box reaches the VOC IoU (0.5)
 * @param medianBestIou median IoU of a truth box with its best predicted box, over the truth boxes that have one
 * @param medianAreaRatio median of best predicted box area / truth box area, over the same truth boxes
 * @param ap30 VOC average precision at IoU 0.3, the same detections and truths
 */
record BoxLocalisation(
        OptionalDouble withBox,
        OptionalDouble reachable,
        OptionalDouble medianBestIou,
        OptionalDouble medianAreaRatio,
        OptionalDouble ap30) {

    static final double LOOSE_IOU = 0.3;

    static BoxLocalisation of(List<LabelledBox> detections, List<LabelledBox> truths) {
        if (truths.isEmpty()) {
            OptionalDouble none = OptionalDouble.empty();
            return new BoxLocalisation(none, none, none, none, none);
        }
        Map<String, List<LabelledBox>> bySlice = new HashMap<>();
        detections.forEach(d -> bySlice.computeIfAbsent(d.sopInstanceUid(), k -> new ArrayList<>())
                .add(d));
        List<Double> bestIous = new ArrayList<>();
        List<Double> areaRatios = new ArrayList<>();
        int reachable = 0;
        for (LabelledBox truth : truths) {
            LabelledBox best = null;
            double bestIou = -1;
            for (LabelledBox d : bySlice.getOrDefault(truth.sopInstanceUid(), List.of())) {
                double iou = VocAveragePrecision.iou(d.box(), truth.box());
                if (iou > bestIou) {
                    bestIou = iou;
                    best = d;
                }
            }
            if (best == null) {
                continue;
            }
            bestIous.add(bestIou);
            double truthArea = truth.box().width() * truth.box().height();
            if (truthArea > 0) {
                areaRatios.add(best.box().width() * best.box().height() / truthArea);
            }
            if (bestIou >= Metrics.VOC_IOU) {
                reachable++;
            }
        }
        return new BoxLocalisation(
                OptionalDouble.of((double) bestIous.size() / truths.size()),
                OptionalDouble.of((double) reachable / truths.size()),
                median(bestIous),
                median(areaRatios),
                VocAveragePrecision.of(detections, truths, LOOSE_IOU));
    }

    private static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return OptionalDouble.of(sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }
}
