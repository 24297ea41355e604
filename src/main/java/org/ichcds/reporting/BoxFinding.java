package org.ichcds.reporting;

/**
 * One detected box, in original pixel coordinates with a top-left origin (the BHX convention).
 *
 * @param sopInstanceUid the SOP Instance UID of the slice the box lies on
 * @param sliceIndex the slice number as shown to users and in the viewer
 * @param score the detector's score for the box, in [0, 1]
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
