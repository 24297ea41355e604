package org.ichcds.dicom;

/**
 * The tests' CT series: by default 5 axial slices of 16x16 pixels, 12-bit unsigned, intercept -1024, head, soft-tissue
 * kernel, no contrast. Change the public fields before writing.
 */
public final class TestSeries extends SyntheticCtSeries {

    /** A new series with fresh UIDs. */
    public static TestSeries ct() {
        return new TestSeries();
    }
}
