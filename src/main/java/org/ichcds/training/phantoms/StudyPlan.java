package org.ichcds.training.phantoms;

/**
 * What one study of a data set will be, decided before it is generated.
 *
 * @param index position of the study in the data set (0-based)
 * @param positive whether it carries hemorrhage
 * @param primary the subtype it is built around ({@code null} for a negative study)
 * @param split {@code train}, {@code val} or {@code test} (70/20/10 by study)
 */
public record StudyPlan(int index, boolean positive, Subtype primary, String split) {}
