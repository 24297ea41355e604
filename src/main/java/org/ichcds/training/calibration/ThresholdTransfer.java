package org.ichcds.training.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ichcds.inference.HemorrhageLabel;

/**
 * How well operating thresholds carry to studies they were not chosen on, estimated on the calibration studies
 * themselves: many times over, the studies are split at random into two halves, every label's threshold is chosen on
 * one half by the same rule and measured on the other. A threshold that meets its target only on the studies it was
 * chosen on shows here as a low share. The halves are half the calibration set, so the estimate is for a calibration
 * set of that size: a conservative one for the whole.
 *
 * @param splits how many random splits
 * @param studies how many calibration studies were split
 * @param labels per label, in label order, what its thresholds achieved on the held-out halves
 */
public record ThresholdTransfer(int splits, int studies, List<Held> labels) {

    /** Splits drawn by {@code calibrate}: the share of 200 is known to about ±3.5 points. */
    public static final int SPLITS = 200;
    /** Fewer studies than this give halves too small to choose a threshold on; no estimate is made. */
    public static final int MIN_STUDIES = 40;
    /** The splits are drawn with this seed: the same studies give the same estimate. */
    static final long SEED = 20_191_202L;

    /**
     * One label on the held-out halves.
     *
     * @param measured splits whose held-out half had positive and negative studies for it
     * @param bothMet share of those whose threshold met both the sensitivity target and the specificity floor there
     * @param sensitivity mean held-out sensitivity
     * @param specificity mean held-out specificity
     */
    public record Held(HemorrhageLabel label, int measured, double bothMet, double sensitivity, double specificity) {}

    public ThresholdTransfer {
        labels = List.copyOf(labels);
    }

    /** The estimate over {@link #SPLITS} splits, or empty with fewer than {@link #MIN_STUDIES} studies. */
    static Optional<ThresholdTransfer> estimate(OperatingThresholds thresholds) {
        return estimate(thresholds, SPLITS, SEED);
    }

    static Optional<ThresholdTransfer> estimate(OperatingThresholds thresholds, int splits, long seed) {
        int[] all = thresholds.all();
        if (all.length < MIN_STUDIES) {
            return Optional.empty();
        }
        int labelCount = HemorrhageLabel.values().length;
        int[] measured = new int[labelCount];
        int[] met = new int[labelCount];
        double[] sensitivity = new double[labelCount];
        double[] specificity = new double[labelCount];
        Random random = new Random(seed);
        for (int s = 0; s < splits; s++) {
            int[] order = shuffled(all, random);
            int half = order.length / 2;
            int[] chosenOn = java.util.Arrays.copyOfRange(order, 0, half);
            int[] heldOut = java.util.Arrays.copyOfRange(order, half, order.length);
            double[] chosen = thresholds.choose(chosenOn).stream()
                    .mapToDouble(ThresholdChoice::threshold)
                    .toArray();
            List<ThresholdChoice> onNew = thresholds.measure(heldOut, chosen);
            for (int l = 0; l < labelCount; l++) {
                ThresholdChoice c = onNew.get(l);
                if (Double.isNaN(c.sensitivity()) || Double.isNaN(c.specificity())) {
                    continue;
                }
                measured[l]++;
                met[l] += c.met() ? 1 : 0;
                sensitivity[l] += c.sensitivity();
                specificity[l] += c.specificity();
            }
        }
        List<Held> held = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            int l = label.ordinal();
            int n = measured[l];
            held.add(
                    n == 0
                            ? new Held(label, 0, Double.NaN, Double.NaN, Double.NaN)
                            : new Held(label, n, met[l] / (double) n, sensitivity[l] / n, specificity[l] / n));
        }
        return Optional.of(new ThresholdTransfer(splits, all.length, held));
    }

    /** One line per label. */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "thresholds on new studies (chosen on one half of %d random splits of these %d studies, measured on"
                        + " the other):",
                splits,
                studies));
        for (Held h : labels) {
            lines.add(
                    h.measured() == 0
                            ? String.format(
                                    Locale.ROOT,
                                    "%-17s not measured: no half held both",
                                    h.label().code())
                            : String.format(
                                    Locale.ROOT,
                                    "%-17s both met in %.0f %% of %d, sensitivity %.3f, specificity %.3f",
                                    h.label().code(),
                                    100 * h.bothMet(),
                                    h.measured(),
                                    h.sensitivity(),
                                    h.specificity()));
        }
        return lines;
    }

    /** {@code threshold.transfer.splits} and per label {@code threshold.<label>.transfer.met}, {@code .sensitivity}, {@code .specificity}. */
    void putMetrics(Map<String, Double> metrics) {
        metrics.put("threshold.transfer.splits", (double) splits);
        for (Held h : labels) {
            if (h.measured() > 0) {
                String t = "threshold." + h.label().code() + ".transfer.";
                metrics.put(t + "met", h.bothMet());
                metrics.put(t + "sensitivity", h.sensitivity());
                metrics.put(t + "specificity", h.specificity());
            }
        }
    }

    private static int[] shuffled(int[] values, Random random) {
        int[] out = values.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
