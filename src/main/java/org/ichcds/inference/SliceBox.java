package org.ichcds.inference;

/**
 * A box and the slice it was found on.
 *
 * @param slice index of the slice in the series (sorted along the slice normal)
 * @param box the detected region
 */
public record SliceBox(int slice, Box box) {}
