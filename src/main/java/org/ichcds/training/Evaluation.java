package org.ichcds.training;

/**
 * Inference-mode outputs for a batch, exactly as the exported SavedModel computes them.
 *
 * @param count number of slices
 * @param grid detection cells per side
 * @param probabilities {@code count × 7} sigmoid probabilities
 * @param detections {@code count × grid × grid × 11} sigmoid-activated grid
 */
public record Evaluation(int count, int grid, float[] probabilities, float[] detections) {}
