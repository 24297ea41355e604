package org.ichcds.inference;

/**
 * A {@link Box} (model-input pixels) and the slice of the series it was found on: the study-level form of a detection.
 *
 * @param slice index of the slice in the series (sorted along the slice normal)
 * @param box the detected region
 */
public record SliceBox(int slice, Box box) {}
