package org.ichcds.analysis;

import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.LoadedStudy;

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
}
