package org.ichcds.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-label calibration of the study probability: temperature scaling (Guo et al. 2017, "On Calibration of Modern
 * Neural Networks") of the study-level logit, {@code p' = sigmoid(logit(p) / T)}, or Platt scaling (Platt 1999), which
 * adds an offset: {@code p' = sigmoid(logit(p) / T + b)}. A temperature above 1 softens an over-confident label, below
 * 1 sharpens it; the offset moves a label whose negatives (or positives) all score too high (or low). Both keep the
 * order of the probabilities (the temperature is positive), so AUCs and key slices are unchanged; only the numbers a
 * reader sees, and the thresholds that go with them, move.
 *
 * @param method {@code platt}, {@code temperature}, or {@code identity} for a model without calibration
 * @param temperatures temperature per label code; a label not listed has temperature 1
 * @param offsets offset per label code, {@code platt} only; a label not listed has offset 0
 */
public record Calibration(
        String method,
        Map<String, Double> temperatures,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> offsets) {

    /** Temperature scaling. */
    public static final String TEMPERATURE = "temperature";
    /** Platt scaling: a temperature and an offset per label. */
    public static final String PLATT = "platt";
    /** No calibration: the model's probabilities as they are. */
    public static final String IDENTITY = "identity";
    /** Probabilities are clipped away from 0 and 1 before the logit, as the log loss clips them. */
    static final double CLIP = 1e-7;

    private static final double MIN_TEMPERATURE = 0.01;
    private static final double MAX_TEMPERATURE = 100;
    private static final double MAX_OFFSET = 50;

    public Calibration {
        method = method == null || method.isBlank() ? IDENTITY : method;
        if (!method.equals(PLATT) && !method.equals(TEMPERATURE) && !method.equals(IDENTITY)) {
            throw new IllegalArgumentException("calibration method '" + method + "' is unknown; expected " + PLATT
                    + ", " + TEMPERATURE + " or " + IDENTITY);
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
        offsets = new TreeMap<>(offsets == null ? Map.of() : offsets);
        if (!method.equals(PLATT) && !offsets.isEmpty()) {
            throw new IllegalArgumentException(method + " calibration lists offsets " + offsets.keySet() + "; only "
                    + PLATT + " calibration has offsets");
        }
        for (Map.Entry<String, Double> b : offsets.entrySet()) {
            if (!HemorrhageLabel.codes().contains(b.getKey())) {
                throw new IllegalArgumentException("calibration names unknown label '" + b.getKey() + "'");
            }
            Double value = b.getValue();
            if (value == null || !(Math.abs(value) <= MAX_OFFSET)) {
                throw new IllegalArgumentException("calibration offset of '" + b.getKey() + "' is " + value
                        + "; expected -" + MAX_OFFSET + " .. " + MAX_OFFSET);
            }
        }
    }

    /** The model's probabilities unchanged: what a manifest without a {@code calibration} section means. */
    public static Calibration identity() {
        return new Calibration(IDENTITY, Map.of(), Map.of());
    }

    /** Temperature scaling with the given temperature per label. */
    public static Calibration temperatures(Map<HemorrhageLabel, Double> byLabel) {
        return new Calibration(TEMPERATURE, codes(byLabel), Map.of());
    }

    /** Platt scaling with the given temperature and offset per label. */
    public static Calibration platt(Map<HemorrhageLabel, Double> temperatures, Map<HemorrhageLabel, Double> offsets) {
        return new Calibration(PLATT, codes(temperatures), codes(offsets));
    }

    private static Map<String, Double> codes(Map<HemorrhageLabel, Double> byLabel) {
        Map<String, Double> codes = new TreeMap<>();
        byLabel.forEach(
                (label, value) -> codes.put(Objects.requireNonNull(label).code(), value));
        return codes;
    }

    /** The temperature of one label (1 when not listed). */
    public double temperature(HemorrhageLabel label) {
        return temperatures.getOrDefault(label.code(), 1.0);
    }

    /** The offset of one label (0 when not listed). */
    public double offset(HemorrhageLabel label) {
        return offsets.getOrDefault(label.code(), 0.0);
    }

    /** The calibrated probability of one label. */
    public double apply(HemorrhageLabel label, double probability) {
        double t = temperature(label);
        double b = offset(label);
        return t == 1.0 && b == 0.0 ? probability : scale(probability, t, b);
    }

    /** {@code sigmoid(logit(p) / t)} with {@code p} clipped to [1e-7, 1 − 1e-7]. */
    public static double scale(double probability, double temperature) {
        return scale(probability, temperature, 0);
    }

    /** {@code sigmoid(logit(p) / t + b)} with {@code p} clipped to [1e-7, 1 − 1e-7]. */
    public static double scale(double probability, double temperature, double offset) {
        return sigmoid(logit(probability) / temperature + offset);
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
