package org.ichcds.training.evaluation;

import java.util.OptionalDouble;
import org.ichcds.inference.HemorrhageLabel;

/**
 * One subtype's detection figures.
 *
 * @param subtype the subtype
 * @param truthBoxes number of truth boxes
 * @param detections number of predicted boxes
 * @param ap50 VOC average precision at IoU 0.5; empty when there is no truth box of the subtype
 * @param localisation where the AP is lost: truth boxes without a predicted box, or with one that overlaps too little
 */
record BoxMetrics(
        HemorrhageLabel subtype, int truthBoxes, int detections, OptionalDouble ap50, BoxLocalisation localisation) {}
