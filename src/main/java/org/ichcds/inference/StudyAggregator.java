package org.ichcds.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns per-slice predictions into a study-level prediction. The study probability of a label is the mean of its top-k
 * slice probabilities: k = 1 is the maximum over slices, the usual study-level rule for RSNA-style slice classifiers;
 * a larger k discounts a single outlying slice. A model with a sequence head gives its own study output, which is used
 * instead. The model's {@link Calibration} is applied here, to the study
 * probability, and nowhere else: every probability downstream (cards, FHIR Observations, viewer, CLI, evaluation) is the
 * calibrated one.
 */
public final class StudyAggregator {

    /**
     * @param topK slices averaged for the study probability
     * @param keySlices slices reported per label
     * @param maxBoxes boxes reported per label
     * @param nmsIou IoU of the per-slice suppression applied again to the boxes
     */
    public record Options(int topK, int keySlices, int maxBoxes, float nmsIou) {
        public Options {
            if (topK < 1 || keySlices < 1 || maxBoxes < 0) {
                throw new IllegalArgumentException(
                        "top-k " + topK + ", key slices " + keySlices + ", max boxes " + maxBoxes + " out of range");
            }
        }

        /** Maximum over slices, 3 key slices, 10 boxes per label, NMS at IoU 0.45. */
        public static Options defaults() {
            return new Options(1, 3, 10, 0.45f);
        }
    }

    private final Options options;
    private final NonMaxSuppression nms;

    public StudyAggregator(Options options) {
        this.options = options;
        this.nms = new NonMaxSuppression(options.nmsIou());
    }

    /**
     * Aggregates the slices of one series, in slice order, and calibrates each study probability.
     *
     * @param calibration the model manifest's calibration ({@link Calibration#identity()} for raw probabilities)
     */
    public StudyPrediction aggregate(List<SlicePrediction> slices, Calibration calibration) {
        return aggregate(SeriesPrediction.ofSlices(slices), calibration);
    }

    /**
     * Aggregates a series prediction. When the model gave a study output of its own (a sequence head), that is the
     * uncalibrated study probability and top-k is not used; key slices and boxes still come from the slices.
     *
     * @param calibration the model manifest's calibration ({@link Calibration#identity()} for raw probabilities)
     */
    public StudyPrediction aggregate(SeriesPrediction series, Calibration calibration) {
        return aggregate(series, calibration, 0);
    }

    /**
     * Aggregates a series prediction and scores each box by its subtype's calibrated study probability as well as by
     * the detector ({@link #rescored}).
     *
     * @param calibration the model manifest's calibration ({@link Calibration#identity()} for raw probabilities)
     * @param boxStudyExponent the manifest's {@link ModelManifest#boxStudyWeight()}; 0 keeps the detector's scores
     */
    public StudyPrediction aggregate(SeriesPrediction series, Calibration calibration, double boxStudyExponent) {
        List<SlicePrediction> slices = series.slices();
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one slice to aggregate");
        }
        float[] uncalibrated = new float[HemorrhageLabel.COUNT];
        float[] calibrated = new float[HemorrhageLabel.COUNT];
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            int i = label.ordinal();
            uncalibrated[i] = series.hasStudyOutput() ? series.studyProbability(label) : probability(slices, label);
            calibrated[i] = (float) calibration.apply(label, uncalibrated[i]);
        }
        List<List<Box>> suppressed = slices.stream()
                .map(s -> nms.apply(rescored(s.boxes(), calibrated, boxStudyExponent)))
                .toList();
        List<LabelPrediction> labels = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            labels.add(new LabelPrediction(
                    label,
                    calibrated[label.ordinal()],
                    uncalibrated[label.ordinal()],
                    keySlices(slices, label),
                    boxes(suppressed, label)));
        }
        return new StudyPrediction(slices.size(), labels);
    }

    /**
     * The boxes with each score multiplied by the study probability of the box's subtype raised to {@code exponent}
     * (the manifest's {@code boxStudyExponent}); with 0, the boxes as they are. Within one subtype of one study the
     * order of the boxes is kept; across studies, and across the subtypes of one study, the likelier come first.
     *
     * @param studyProbabilities the calibrated study probabilities, in label order
     */
    public static List<Box> rescored(List<Box> boxes, float[] studyProbabilities, double exponent) {
        checkExponent(exponent);
        if (exponent == 0) {
            return boxes;
        }
        List<Box> out = new ArrayList<>(boxes.size());
        for (Box box : boxes) {
            out.add(new Box(
                    box.label(),
                    weighted(box.score(), studyProbabilities[box.label().ordinal()], exponent),
                    box.x(),
                    box.y(),
                    box.width(),
                    box.height()));
        }
        return out;
    }

    /** A box's detector score weighted by its subtype's study probability, as {@link #rescored} weighs it. */
    public static float weighted(double score, float studyProbability, double exponent) {
        return (float) (score * boxWeight(studyProbability, exponent));
    }

    private static double boxWeight(float studyProbability, double exponent) {
        checkExponent(exponent);
        return exponent == 0 ? 1 : Math.pow(studyProbability, exponent);
    }

    private static void checkExponent(double exponent) {
        if (!(exponent >= 0 && exponent <= ModelManifest.MAX_BOX_STUDY_EXPONENT)) {
            throw new IllegalArgumentException("box study exponent " + exponent + " is outside [0, 2]");
        }
    }

    private float probability(List<SlicePrediction> slices, HemorrhageLabel label) {
        int k = Math.min(options.topK(), slices.size());
        double sum = slices.stream()
                .mapToDouble(s -> s.probability(label))
                .boxed()
                .sorted(Comparator.reverseOrder())
                .limit(k)
                .mapToDouble(Double::doubleValue)
                .sum();
        return (float) (sum / k);
    }

    private List<Integer> keySlices(List<SlicePrediction> slices, HemorrhageLabel label) {
        // highest probability first; on ties the lower slice index, so the order is deterministic
        return IntStream.range(0, slices.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -slices.get(i).probability(label))
                        .thenComparing(i -> i))
                .limit(options.keySlices())
                .toList();
    }

    private List<SliceBox> boxes(List<List<Box>> perSlice, HemorrhageLabel label) {
        List<SliceBox> boxes = new ArrayList<>();
        for (int slice = 0; slice < perSlice.size(); slice++) {
            for (Box box : perSlice.get(slice)) {
                if (label == HemorrhageLabel.ANY || box.label() == label) {
                    boxes.add(new SliceBox(slice, box));
                }
            }
        }
        boxes.sort(Comparator.comparingDouble((SliceBox b) -> -b.box().score()).thenComparingInt(SliceBox::slice));
        return boxes.subList(0, Math.min(options.maxBoxes(), boxes.size()));
    }
}
