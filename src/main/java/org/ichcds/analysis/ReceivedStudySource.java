package org.ichcds.analysis;

import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.writeback.SourceSeries;

/**
 * Where the images of a study the server received itself are read from (the intake spool): the second source of the
 * study pipeline beside DICOMweb, giving the same {@link LoadedStudy} (series selection, HU volume, patient).
 */
public interface ReceivedStudySource {

    /**
     * The received study, loaded within the study limits.
     *
     * @throws DicomFormatException when none of its images is usable, or it is no longer (or never was) spooled
     */
    LoadedStudy load(String studyUid) throws DicomFormatException;

    /**
     * The received instances of one series, as the written-back SR and presentation state reference them.
     *
     * @throws DicomFormatException when an instance is not readable
     * @throws org.ichcds.writeback.NotWritableException when the series is no longer spooled or an instance lacks
     *     valid UIDs
     */
    SourceSeries series(String studyUid, String seriesUid) throws DicomFormatException;
}
