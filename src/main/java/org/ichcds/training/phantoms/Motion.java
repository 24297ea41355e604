package org.ichcds.training.phantoms;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where the head is on each slice. A still patient keeps one pose; a patient who moves during the scan jumps to a
 * new pose at one slice (a few mm and degrees), so the slices above the jump are misregistered against those below.
 * Each slice is rendered, and its masks and boxes made, in its own pose: the truth follows the movement.
 */
final class Motion {

    private final Pose[] poses;
    private final int jump;

    private Motion(Pose[] poses, int jump) {
        this.poses = poses;
        this.jump = jump;
    }

    static Motion still(Pose pose, int slices) {
        Pose[] poses = new Pose[slices];
        Arrays.fill(poses, pose);
        return new Motion(poses, -1);
    }

    /** With probability {@code probability}, one jump of up to 4 mm and 4 degrees at a random slice. */
    static Motion draw(Pose pose, int slices, double probability, SplittableRandom r) {
        if (r.nextDouble() >= probability) {
            return still(pose, slices);
        }
        int at = 1 + r.nextInt(Math.max(1, slices - 2));
        Pose after = pose.moved(
                -4 + 8 * r.nextDouble(), -4 + 8 * r.nextDouble(), -1.5 + 3 * r.nextDouble(), -4 + 8 * r.nextDouble());
        Pose[] poses = new Pose[slices];
        for (int s = 0; s < slices; s++) {
            poses[s] = s < at ? pose : after;
        }
        return new Motion(poses, at);
    }

    Pose at(int slice) {
        return poses[slice];
    }

    boolean moved() {
        return jump >= 0;
    }

    /** Whether the head moved while slice {@code s} was acquired: its projections disagree, which makes streaks. */
    boolean movesDuring(int s) {
        return s == jump;
    }
}
