package org.ichcds.training.run;

/**
 * Hard-negative mining in a training run: which share of each epoch's negative slices are the ones the network scores
 * highest for {@code any} at the start of the epoch, and where they may come from.
 *
 * @param share 0 (none: every negative drawn at random) to 1
 * @param negativeStudiesOnly mine only slices of studies without any hemorrhage: the slices beside a hemorrhage, which
 *     the network also scores high, do not make a study a false call, a look-alike in a study without blood does
 */
public record HardNegatives(double share, boolean negativeStudiesOnly) {

    /** Every negative drawn at random. */
    public static final HardNegatives NONE = new HardNegatives(0, false);

    public HardNegatives {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("hard-negative share " + share + " is outside 0..1");
        }
    }

    /**
     * Reads the command line's {@code --hard-negatives-from}.
     *
     * @param from {@code all} or {@code negative-studies}
     */
    public static HardNegatives of(double share, String from) {
        return switch (from) {
            case "all" -> new HardNegatives(share, false);
            case "negative-studies" -> new HardNegatives(share, true);
            default ->
                throw new IllegalArgumentException("--hard-negatives-from " + from + " is not all or negative-studies");
        };
    }

    /** Whether any negative is mined. */
    public boolean mined() {
        return share > 0;
    }

    /** What the manifest's {@code trainingData} says of it. */
    String describe(boolean initialised) {
        return share + " of each epoch's negatives the ones it scored highest for any at the start of the epoch"
                + (negativeStudiesOnly ? ", among the slices of studies without hemorrhage" : "")
                + (initialised ? "" : " (from epoch 2)");
    }
}
