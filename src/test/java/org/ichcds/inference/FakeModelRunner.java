package org.ichcds.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A model runner for tests that are not about the model: answers each slice from a function of its index within
 * the call, and counts the slices it was asked about.
 */
public final class FakeModelRunner implements ModelRunner {

    private final ModelManifest manifest;
    private final IntFunction<SlicePrediction> answer;
    private final AtomicInteger slicesSeen = new AtomicInteger();

    public FakeModelRunner(int inputSize, IntFunction<SlicePrediction> answer) {
        this(manifest(inputSize), answer);
    }

    /** A runner that serves the given manifest (its thresholds and calibration). */
    public FakeModelRunner(ModelManifest manifest, IntFunction<SlicePrediction> answer) {
        this.manifest = manifest;
        this.answer = answer;
    }

    /** Every slice negative: all probabilities 0.01, no boxes. */
    public static FakeModelRunner negative(int inputSize) {
        return new FakeModelRunner(inputSize, i -> prediction(0.01f, List.of()));
    }

    /** A prediction with the same probability for every label. */
    public static SlicePrediction prediction(float probability, List<Box> boxes) {
        float[] p = new float[HemorrhageLabel.COUNT];
        java.util.Arrays.fill(p, probability);
        return new SlicePrediction(p, boxes);
    }

    /** A manifest with thresholds 0.5 and no files, as a test model would have. */
    public static ModelManifest manifest(int inputSize) {
        Map<String, Double> thresholds = new TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 0.5));
        return new ModelManifest(
                "fake",
                "0.0.0",
                "fake",
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(inputSize, inputSize),
                ModelManifest.standardWindows(),
                thresholds,
                Map.of(),
                "none",
                Map.of(),
                Calibration.identity());
    }

    public int slicesSeen() {
        return slicesSeen.get();
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public List<SlicePrediction> predict(float[] nhwc, int count, int height, int width) {
        if ((long) count * height * width * 3 != nhwc.length) {
            throw new IllegalArgumentException(nhwc.length + " floats are not " + count + " slices");
        }
        slicesSeen.addAndGet(count);
        List<SlicePrediction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(answer.apply(i));
        }
        return out;
    }
}
