package org.ichcds.training;

/**
 * Losses of one training step, before the update.
 *
 * @param total classification + detection weight × detection
 * @param classification weighted binary cross-entropy over the seven labels
 * @param detection YOLO loss, per image
 */
public record LossValues(float total, float classification, float detection) {}
