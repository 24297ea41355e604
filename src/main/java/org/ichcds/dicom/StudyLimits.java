package org.ichcds.dicom;

/**
 * How large a study the server analyses ({@code ichcds.dicomweb.limits.*}): checked from QIDO-RS and the series
 * metadata before any image is fetched, and again on the bytes as they arrive. A study over a limit is refused with a
 * message that names the limit and its setting.
 *
 * @param maxSeries series of a study considered (a head CT study has a handful)
 * @param maxInstances instances of the series analysed (a head CT series has 30 to a few hundred; 1,200 is a 0.6 mm
 *     whole-head series with room to spare)
 * @param maxInstanceBytes bytes of one instance (a 1,024² 16-bit slice with its header is about 2 MB)
 * @param maxSeriesBytes bytes of the series as fetched
 * @param maxRows rows of an image
 * @param maxColumns columns of an image
 */
public record StudyLimits(
        int maxSeries, int maxInstances, long maxInstanceBytes, long maxSeriesBytes, int maxRows, int maxColumns) {

    static final String PREFIX = "ichcds.dicomweb.limits.";

    public StudyLimits {
        if (maxSeries < 1
                || maxInstances < 1
                || maxInstanceBytes < 1
                || maxSeriesBytes < 1
                || maxRows < 1
                || maxColumns < 1) {
            throw new IllegalArgumentException(PREFIX + "* must all be positive");
        }
    }

    /** The values shipped in application.yaml. */
    public static StudyLimits defaults() {
        return new StudyLimits(50, 1_200, 64L << 20, 2L << 30, 1_024, 1_024);
    }

    MultipartParts.Limits parts() {
        return new MultipartParts.Limits(maxInstances, maxInstanceBytes, maxSeriesBytes);
    }

    /** Refuses a count over its limit, naming the limit's setting. */
    static void check(String what, long value, long limit, String setting) throws StudyTooLargeException {
        if (value > limit) {
            throw new StudyTooLargeException(
                    what + " is " + value + ", over the limit of " + limit + " (" + PREFIX + setting + ")");
        }
    }
}
