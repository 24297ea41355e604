package org.ichcds.intake;

import org.ichcds.analysis.ReceivedStudySource;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;

/** A received study read from the spool, through the same loader (series selection, HU volume) as any folder. */
final class SpoolStudySource implements ReceivedStudySource {

    private final StudySpool spool;
    private final StudyLoader loader;

    SpoolStudySource(StudySpool spool, StudyLoader loader) {
        this.spool = spool;
        this.loader = loader;
    }

    @Override
    public LoadedStudy load(String studyUid) throws DicomFormatException {
        return loader.fromPath(spool.studyFolder(studyUid));
    }
}
