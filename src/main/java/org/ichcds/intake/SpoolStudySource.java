package org.ichcds.intake;

import com.pixelmed.dicom.AttributeList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ichcds.analysis.ReceivedStudySource;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.InstanceHeader;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLimits;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.writeback.NotWritableException;
import org.ichcds.writeback.SourceSeries;

/** A received study read from the spool, through the same loader (series selection, HU volume) as any folder. */
final class SpoolStudySource implements ReceivedStudySource {

    private final StudySpool spool;
    private final StudyLimits limits;
    private final StudyLoader loader;

    SpoolStudySource(StudySpool spool, StudyLimits limits) {
        this.spool = spool;
        this.limits = limits;
        this.loader = new StudyLoader(limits);
    }

    @Override
    public LoadedStudy load(String studyUid) throws DicomFormatException {
        return loader.fromPath(spool.studyFolder(studyUid));
    }

    /** The headers of the series' spooled instances (the spool keeps one folder per series, one file per instance). */
    @Override
    public SourceSeries series(String studyUid, String seriesUid) throws DicomFormatException {
        Path folder = spool.studyFolder(studyUid).resolve(seriesUid);
        List<AttributeList> headers = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                headers.add(InstanceHeader.attributes(file, limits.maxInstanceBytes()));
            }
        } catch (IOException e) {
            throw new NotWritableException("the received series is no longer spooled");
        }
        return SourceSeries.fromHeaders(headers);
    }
}
