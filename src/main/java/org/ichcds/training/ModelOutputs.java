package org.ichcds.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ichcds.inference.DetectionDecoder;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.SlicePrediction;

/**
 * The two outputs of the model contract for a batch ({@code probabilities} and {@code detections}), computed in
 * inference mode exactly as the exported SavedModel computes them.
 *
 * @param count number of slices
 * @param grid detection cells per side
 * @param probabilities {@code count × 7} sigmoid probabilities
 * @param detections {@code count × grid × grid × 11} sigmoid-activated grid
 * @param fineGrid cells per side of a two-grid head's stride-8 grid, 0 without one
 * @param fineDetections {@code count × fineGrid × fineGrid × 11}, or null
 */
public record ModelOutputs(
        int count, int grid, float[] probabilities, float[] detections, int fineGrid, float[] fineDetections) {

    /** The outputs of a one-grid head. */
    public ModelOutputs(int count, int grid, float[] probabilities, float[] detections) {
        this(count, grid, probabilities, detections, 0, null);
    }

    /** Per-slice predictions, boxes decoded as the serving runtime decodes them. */
    List<SlicePrediction> slices(DetectionDecoder decoder) {
        List<SlicePrediction> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] p = Arrays.copyOfRange(probabilities, i * HemorrhageLabel.COUNT, (i + 1) * HemorrhageLabel.COUNT);
            slices.add(new SlicePrediction(p, decoder.decode(detections, i, grid, fineDetections, fineGrid)));
        }
        return slices;
    }
}
