package org.ichcds.reporting;

/**
 * One detected box as reports, cards and the viewer show it: in the <b>slice's own pixels</b> (its DICOM pixel grid as
 * stored, top-left origin, the BHX convention), rounded to whole pixels, the slice named by its SOP Instance UID. It is
 * stored in the analysis result JSON, so its fields are a stored format. docs/architecture.md (Boxes) lists every box
 * type and its coordinate space.
 *
 * @param sopInstanceUid the SOP Instance UID of the slice the box lies on
 * @param sliceIndex the slice number as shown to users and in the viewer
 * @param score the box's score, in [0, 1]: the detector's, weighted by its subtype's study probability when the model
 *     names {@code boxStudyExponent}
 */
public record BoxFinding(String sopInstanceUid, int sliceIndex, int x, int y, int width, int height, double score) {

    public BoxFinding {
        Require.dicomUid("box SOP Instance UID", sopInstanceUid);
        Require.atLeast("box slice index", sliceIndex, 0);
        Require.atLeast("box x", x, 0);
        Require.atLeast("box y", y, 0);
        Require.atLeast("box width", width, 1);
        Require.atLeast("box height", height, 1);
        Require.probability("box score", score);
    }
}
