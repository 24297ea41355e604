package org.ichcds.dicom;

import java.util.List;
import org.ichcds.dicom.DicomInstance.SeriesHeader;

/**
 * What series selection knows of one series: its series-level attributes, the geometry of its first image and how
 * many images it has.
 *
 * @param orientation ImageOrientationPatient of the first image, null when absent
 * @param thicknessMm SliceThickness of the first image, NaN when absent
 * @param rows Rows of the first image, 0 when unknown
 * @param columns Columns of the first image, 0 when unknown
 */
record SeriesCandidate(
        SeriesHeader header, double[] orientation, double thicknessMm, int sliceCount, int rows, int columns) {

    SeriesCandidate(SeriesHeader header, double[] orientation, double thicknessMm, int sliceCount) {
        this(header, orientation, thicknessMm, sliceCount, 0, 0);
    }

    static SeriesCandidate of(List<DicomInstance> instances) {
        DicomInstance first = instances.get(0);
        return new SeriesCandidate(
                first.series(), first.slice().orientation(), first.slice().sliceThickness(), instances.size());
    }

    String label() {
        String description = header.description().isEmpty() ? "" : " '" + header.description() + "'";
        return "series " + header.seriesNumber() + description;
    }
}
