package org.ichcds.dicom;

import java.time.Duration;

/**
 * A study loaded for analysis: the volume of the chosen series, whose images they are, why the series was chosen, and
 * how long loading took.
 *
 * @param patient the one patient every image of the volume names
 * @param source the folder, file or DICOMweb study it came from
 */
public record LoadedStudy(
        CtVolume volume,
        DicomInstance.PatientIdentity patient,
        String selectionReason,
        Timings timings,
        String source) {

    /**
     * Where the time went.
     *
     * @param select QIDO and metadata requests (DICOMweb) or reading every file (folder) before choosing a series
     * @param fetch wall time until the last byte of the chosen series had arrived (zero for files)
     * @param parse time spent parsing instances, summed over the threads that did it (overlaps fetch)
     * @param total wall time of the whole load
     */
    public record Timings(Duration select, Duration fetch, Duration parse, Duration total) {}

    /** The summary {@code analyze} prints. */
    public VolumeSummary summary() {
        return VolumeSummary.of(this);
    }
}
