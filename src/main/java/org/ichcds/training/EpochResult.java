package org.ichcds.training;

/**
 * Losses of one epoch, averaged over its slices.
 *
 * @param epoch epoch number, from 1; 0 for the start weights of a run of 0 epochs
 * @param training training-pass losses before each step, or {@code null} for epoch 0
 * @param validation inference-pass losses on the validation source, or {@code null} without one
 * @param seconds wall-clock time of the epoch, validation included
 */
public record EpochResult(int epoch, LossValues training, LossValues validation, double seconds) {}
