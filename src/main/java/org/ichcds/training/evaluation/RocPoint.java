package org.ichcds.training.evaluation;

/**
 * One operating point of a ROC curve.
 *
 * @param threshold the score at or above which a case is called positive ({@code +∞} for the origin)
 * @param falsePositiveRate 1 − specificity
 * @param truePositiveRate sensitivity
 */
record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {}
