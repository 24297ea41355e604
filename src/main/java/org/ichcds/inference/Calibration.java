package org.ichcds.inference;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-label calibration of the study probability: temperature scaling (Guo et al. 2017, "On Calibration of Modern
 * Neural Networks") of the study-level logit, {@code p' = sigmoid(logit(p) / T)}. A temperature above 1 softens an
 * over-confident label, below 1 sharpens it; {@code T = 1} leaves it as it is. Scaling by a positive temperature keeps
 * the order of the probabilities, so AUCs and key slices are unchanged; only the numbers a reader sees, and the
 * thresholds that go with them, move.
 *
 * @param method {@code temperature}, or {@code identity} for a model without calibration
 * @param temperatures temperature per label code; a label not listed has temperature 1
 */
public record Calibration(String method, Map<String, Double> temperatures) {

    /** The method this project fits. */
    public static final String TEMPERATURE = "temperature";
    /** No calibration: the model's probabilities as they are. */
    public static final String IDENTITY = "identity";
    /** Probabilities are clipped away from 0 and 1 before the logit, as the log loss clips them. */
    static final double CLIP = 1e-7;

    private static final double MIN_TEMPERATURE = 0.01;
    private static final double MAX_TEMPERATURE = 100;

    public Calibration {
        method = method == null || method.isBlank() ? IDENTITY : method;
        if (!method.equals(TEMPERATURE) && !method.equals(IDENTITY)) {
            throw new IllegalArgumentException(
                    "calibration method '" + method + "' is unknown; expected " + TEMPERATURE + " or " + IDENTITY);
        }
        temperatures = new TreeMap<>(temperatures == null ? Map.of() : temperatures);
        for (Map.Entry<String, Double> t : temperatures.entrySet()) {
            if (!HemorrhageLabel.codes().contains(t.getKey())) {
                throw new IllegalArgumentException("calibration names unknown label '" + t.getKey() + "'");
            }
            Double value = t.getValue();
            if (value == null || !(value >= MIN_TEMPERATURE && value <= MAX_TEMPERATURE)) {
                throw new IllegalArgumentException("calibration temperature of '" + t.getKey() + "' is " + value
                        + "; expected " + MIN_TEMPERATURE + " .. " + MAX_TEMPERATURE);
            }
        }
        if (method.equals(IDENTITY) && !temperatures.isEmpty()) {
            throw new IllegalArgumentException("identity calibration lists temperatures " + temperatures.keySet());
        }
    }

    /** The model's probabilities unchanged: what a manifest without a {@code calibration} section means. */
    public static Calibration identity() {
        return new Calibration(IDENTITY, Map.of());
    }

    /** Temperature scaling with the given temperature per label. */
    public static Calibration temperatures(Map<HemorrhageLabel, Double> byLabel) {
        Map<String, Double> codes = new TreeMap<>();
        byLabel.forEach((label, t) -> codes.put(Objects.requireNonNull(label).code(), t));
        return new Calibration(TEMPERATURE, codes);
    }

    /** The temperature of one label (1 when not listed). */
    public double temperature(HemorrhageLabel label) {
        return temperatures.getOrDefault(label.code(), 1.0);
    }

    /** The calibrated probability of one label. */
    public double apply(HemorrhageLabel label, double probability) {
        double t = temperature(label);
        return t == 1.0 ? probability : scale(probability, t);
    }

    /** {@code sigmoid(logit(p) / t)} with {@code p} clipped to [1e-7, 1 − 1e-7]. */
    public static double scale(double probability, double temperature) {
        return sigmoid(logit(probability) / temperature);
    }

    /** The logit of a probability clipped to [1e-7, 1 − 1e-7]. */
    public static double logit(double probability) {
        double p = Math.min(1 - CLIP, Math.max(CLIP, probability));
        return Math.log(p / (1 - p));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
