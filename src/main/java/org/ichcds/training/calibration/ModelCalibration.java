package org.ichcds.training.calibration;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.ichcds.inference.Calibration;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.evaluation.Reliability;

/**
 * Calibrates a model on a set of studies and chooses its operating thresholds on the calibrated probabilities: per
 * label a temperature and an offset ({@link PlattFit}, the default) or a temperature alone ({@link TemperatureFit}),
 * fitted by NLL, then a threshold for {@link OperatingPoint#ANY} or
 * {@link OperatingPoint#SUBTYPE} ({@link ThresholdChoice}), a subtype's over its scores as the server calls them (not
 * named in a study below the {@code any} threshold). {@code train} does it on its validation studies, {@code
 * calibrate} on the studies it is given.
 *
 * @param calibration the fitted calibration
 * @param thresholds operating threshold per label code, on calibrated probabilities
 * @param choices what each threshold achieves on the studies, in label order
 * @param metrics the figures for the manifest ({@code calibration.*}, {@code threshold.*})
 * @param transfer how the thresholds carry to studies they were not chosen on, estimated on halves of these studies;
 *     empty for too few studies
 */
public record ModelCalibration(
        Calibration calibration,
        Map<String, Double> thresholds,
        List<ThresholdChoice> choices,
        Map<String, Double> metrics,
        Optional<ThresholdTransfer> transfer) {

    /** Expected calibration error with 15 equal-width bins (Guo et al. 2017). */
    public static final int ECE_BINS = 15;

    public ModelCalibration {
        thresholds = new TreeMap<>(thresholds);
        choices = List.copyOf(choices);
        metrics = new TreeMap<>(metrics);
    }

    /** Fits Platt scaling on studies ({@link #fit(List, List, String)} with {@link Calibration#PLATT}). */
    public static ModelCalibration fit(List<float[]> uncalibrated, List<boolean[]> truths) {
        return fit(uncalibrated, truths, Calibration.PLATT);
    }

    /**
     * Fits on studies.
     *
     * @param uncalibrated per study, seven uncalibrated study probabilities in label order
     * @param truths per study, seven truths in label order
     * @param method {@link Calibration#PLATT} or {@link Calibration#TEMPERATURE}
     */
    public static ModelCalibration fit(List<float[]> uncalibrated, List<boolean[]> truths, String method) {
        return fit(uncalibrated, truths, method, ThresholdRule.DEFAULT);
    }

    /**
     * Fits on studies, choosing the thresholds by the given rule.
     *
     * @param rule the studies a subtype's sensitivity and specificity are taken over, and where each threshold sits
     */
    public static ModelCalibration fit(
            List<float[]> uncalibrated, List<boolean[]> truths, String method, ThresholdRule rule) {
        boolean platt = Calibration.PLATT.equals(requireFittable(method));
        if (uncalibrated.size() != truths.size() || uncalibrated.isEmpty()) {
            throw new IllegalArgumentException("calibration needs studies with their truth; got " + uncalibrated.size()
                    + " probabilities and " + truths.size() + " truths");
        }
        Map<HemorrhageLabel, Double> temperatures = new EnumMap<>(HemorrhageLabel.class);
        Map<HemorrhageLabel, Double> offsets = new EnumMap<>(HemorrhageLabel.class);
        Map<String, Double> metrics = new TreeMap<>();
        metrics.put("calibration.studies", (double) truths.size());
        int labels = HemorrhageLabel.values().length;
        double[][] scores = new double[labels][];
        boolean[][] truthColumns = new boolean[labels][];
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            double[] raw = column(uncalibrated, label);
            boolean[] truth = truthColumn(truths, label);
            PlattFit.Fit fitted =
                    platt ? PlattFit.fit(raw, truth) : new PlattFit.Fit(TemperatureFit.fit(raw, truth), 0);
            double t = fitted.temperature();
            double b = fitted.offset();
            temperatures.put(label, t);
            if (platt) {
                offsets.put(label, b);
            }
            // rounded to float as the server's LabelPrediction holds it, so thresholds compare exactly as served
            double[] calibrated = IntStream.range(0, raw.length)
                    .mapToDouble(i -> (float) Calibration.scale(raw[i], t, b))
                    .toArray();
            scores[label.ordinal()] = calibrated;
            truthColumns[label.ordinal()] = truth;
            String c = "calibration." + label.code() + ".";
            metrics.put(c + "temperature", t);
            if (platt) {
                metrics.put(c + "offset", b);
            }
            Reliability.expectedCalibrationError(raw, truth, ECE_BINS).ifPresent(e -> metrics.put(c + "ece.before", e));
            Reliability.expectedCalibrationError(calibrated, truth, ECE_BINS)
                    .ifPresent(e -> metrics.put(c + "ece.after", e));
        }
        OperatingThresholds operating = new OperatingThresholds(scores, truthColumns, rule);
        List<ThresholdChoice> choices = operating.choose(operating.all());
        Map<String, Double> thresholds = new TreeMap<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            ThresholdChoice choice = choices.get(label.ordinal());
            thresholds.put(label.code(), choice.threshold());
            putThreshold(metrics, label, choice);
        }
        Optional<ThresholdTransfer> transfer = ThresholdTransfer.estimate(operating);
        transfer.ifPresent(t -> t.putMetrics(metrics));
        Calibration calibration =
                platt ? Calibration.platt(temperatures, offsets) : Calibration.temperatures(temperatures);
        return new ModelCalibration(calibration, thresholds, choices, metrics, transfer);
    }

    /** The method if this class fits it; otherwise an error naming those it fits. */
    public static String requireFittable(String method) {
        if (!Calibration.PLATT.equals(method) && !Calibration.TEMPERATURE.equals(method)) {
            throw new IllegalArgumentException("calibration method '" + method + "' cannot be fitted; expected "
                    + Calibration.PLATT + " or " + Calibration.TEMPERATURE);
        }
        return method;
    }

    /**
     * One line per label: temperature, threshold, what it achieves and any target not met; then how the thresholds
     * carry to new studies.
     */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            ThresholdChoice c = choices.get(label.ordinal());
            lines.add(String.format(
                    Locale.ROOT,
                    "%-17s T %.3f  b %+.3f  threshold %.4f  sensitivity %s specificity %s (%d+/%d-)%s",
                    label.code(),
                    calibration.temperature(label),
                    calibration.offset(label),
                    c.threshold(),
                    figure(c.sensitivity()),
                    figure(c.specificity()),
                    c.positives(),
                    c.negatives(),
                    shortfall(c)));
        }
        transfer.ifPresent(t -> lines.addAll(t.report()));
        return lines;
    }

    private static String shortfall(ThresholdChoice c) {
        OperatingPoint p = c.point();
        if (c.positives() == 0) {
            return "  NOT TUNED: no positive study, threshold " + ThresholdChoice.UNTUNED;
        }
        if (c.met()) {
            return "";
        }
        return c.sensitivityShortfall() > 0
                ? String.format(
                        Locale.ROOT,
                        "  sensitivity %.2f not reachable at specificity >= %.2f: short by %.3f",
                        p.targetSensitivity(),
                        p.specificityFloor(),
                        c.sensitivityShortfall())
                : String.format(
                        Locale.ROOT,
                        "  specificity %.2f not reachable at sensitivity >= %.2f: short by %.3f",
                        p.specificityFloor(),
                        p.targetSensitivity(),
                        c.specificityShortfall());
    }

    private static void putThreshold(Map<String, Double> metrics, HemorrhageLabel label, ThresholdChoice c) {
        String t = "threshold." + label.code() + ".";
        metrics.put(t + "positives", (double) c.positives());
        metrics.put(t + "target.sensitivity", c.point().targetSensitivity());
        metrics.put(t + "floor.specificity", c.point().specificityFloor());
        if (!Double.isNaN(c.sensitivity())) {
            metrics.put(t + "sensitivity", c.sensitivity());
        }
        if (!Double.isNaN(c.specificity())) {
            metrics.put(t + "specificity", c.specificity());
        }
        if (c.sensitivityShortfall() > 0) {
            metrics.put(t + "shortfall.sensitivity", c.sensitivityShortfall());
        }
        if (c.specificityShortfall() > 0) {
            metrics.put(t + "shortfall.specificity", c.specificityShortfall());
        }
    }

    private static String figure(double v) {
        return Double.isNaN(v) ? "n/a  " : String.format(Locale.ROOT, "%.3f", v);
    }

    private static double[] column(List<float[]> rows, HemorrhageLabel label) {
        return rows.stream().mapToDouble(r -> r[label.ordinal()]).toArray();
    }

    private static boolean[] truthColumn(List<boolean[]> rows, HemorrhageLabel label) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[label.ordinal()];
        }
        return out;
    }
}
