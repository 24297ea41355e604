package org.ichcds.training;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the detector's objectness is trained towards in a cell responsible for a truth box. Cells holding no box's
 * centre are trained towards 0 either way.
 */
public enum ObjectnessTarget {
    /** 1: a box's centre lies in the cell (the YOLO v2/v3 convention). */
    PRESENCE("presence"),
    /**
     * The IoU of the cell's predicted box with its truth box, held fixed in the gradient (YOLO v1's confidence target,
     * Redmon et al. 2016): a cell scores its box by how well it is placed, so a well-placed box ranks above a poorly
     * placed one of the same lesion.
     */
    IOU("iou");

    private final String code;

    ObjectnessTarget(String code) {
        this.code = code;
    }

    /** The command line's word for it. */
    public String code() {
        return code;
    }

    /**
     * The target a word names.
     *
     * @throws IllegalArgumentException naming the words there are
     */
    public static ObjectnessTarget of(String code) {
        for (ObjectnessTarget t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("objectness target '" + code + "' is not one of "
                + Arrays.stream(values()).map(ObjectnessTarget::code).collect(Collectors.joining(", ")));
    }
}
