package org.ichcds.analysis;

import java.net.URI;
import java.util.Objects;

/**
 * The study to analyse: its StudyInstanceUID, the DICOMweb base address that serves it, and the FHIR resources the
 * results refer to.
 */
public record StudyTarget(String studyUid, URI dicomWebBase, String patientRef, String imagingStudyRef) {
    public StudyTarget {
        Objects.requireNonNull(studyUid, "studyUid");
        Objects.requireNonNull(dicomWebBase, "dicomWebBase");
    }
}
