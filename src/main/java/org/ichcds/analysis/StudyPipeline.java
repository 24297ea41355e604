package org.ichcds.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.DicomWebException;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.reporting.PacsObject;
import org.ichcds.reporting.StudyFindings;
import org.ichcds.writeback.NotWritableException;
import org.ichcds.writeback.PacsWriteback;
import org.ichcds.writeback.SourceSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysis of one study, stage by stage: load the series from the PACS over DICOMweb, or from the intake spool
 * for a study the server received ({@link ReceivedStudySource}) (series selection, HU volume), preprocess (skull
 * removal, windows, model size), predict, aggregate per study, map boxes back to the original pixels, and queue the
 * DICOM SR and presentation state for the PACS ({@link PacsWriteback}, when configured, received studies too). The FHIR
 * DiagnosticReport is written after the hook has its answer ({@link PendingReports}). The same stages run in
 * {@code ichcds analyze} and in evaluation.
 */
final class StudyPipeline implements AnalysisPipeline {

    private static final Logger log = LoggerFactory.getLogger(StudyPipeline.class);

    private final DicomWebAccess dicomWeb;
    private final ModelRunner model;
    private final VolumeAnalyzer analyzer;
    private final ObjectMapper json;
    private final PatientBinding binding;
    private final StudyLoader loader;
    private final ReceivedStudySource received;
    private final PacsWriteback writeback;

    StudyPipeline(
            DicomWebAccess dicomWeb,
            ModelRunner model,
            StudyAggregator aggregator,
            ObjectMapper json,
            PatientBinding binding,
            ReceivedStudySource received,
            PacsWriteback writeback) {
        this.dicomWeb = dicomWeb;
        this.writeback = writeback;
        this.received = received;
        this.loader = new StudyLoader(dicomWeb.limits());
        this.model = model;
        this.analyzer = new VolumeAnalyzer(model, aggregator);
        this.json = json;
        this.binding = binding;
    }

    @Override
    public String modelVersion() {
        return model.manifest().id() + "@" + model.manifest().version();
    }

    @Override
    public PipelineResult run(String analysisId, StudyTarget target, Attempt attempt) throws Exception {
        long start = System.nanoTime();
        LoadedStudy loaded = load(target);
        // before any inference: images of another patient must not produce a result for this one
        var images = new PatientBinding.DicomPatient(
                loaded.patient().patientId(), loaded.patient().issuer());
        var mismatch = binding.dicomMismatch(target.patientIdentifiers(), images);
        if (mismatch.isPresent()) {
            throw new PatientMismatchException(mismatch.get());
        }
        attempt.mayContinue();
        CtVolume volume = loaded.volume();
        long loadedAt = System.nanoTime();
        VolumeAnalyzer.Analysis analysis = analyzer.analyze(analysisId, target, volume);
        StudyFindings study = analysis.findings();
        long inferredAt = System.nanoTime();
        // an attempt that lost its job writes nothing; one that races past this check still makes no second report
        attempt.mayContinue();
        List<PacsObject> written = writeBack(target, volume, study);
        // the DiagnosticReport is written just after the answer (PendingReports): the cards do not need its id, and
        // its identifier (the analysis id) links it before it exists; a received study's waits for a hook's Patient
        long reportedAt = System.nanoTime();
        List<String> sops =
                volume.slices().stream().map(CtVolume.CtSlice::sopInstanceUid).toList();
        AnalysisResult result = new AnalysisResult(study, sops, volume.rows(), volume.columns(), written, null);
        return new PipelineResult(
                json.writeValueAsString(result),
                null,
                new Timings(
                        ms(start, loadedAt), analysis.preprocessMs(), analysis.inferMs(), ms(inferredAt, reportedAt)));
    }

    /**
     * Queues the SR and presentation state for the PACS, referencing the instances as the PACS lists them in the
     * series' metadata, or, for a study the server received, as it received them. The result stands without them: a
     * series that cannot be described, or whose UIDs are not valid, is logged and skipped.
     */
    private List<PacsObject> writeBack(StudyTarget target, CtVolume volume, StudyFindings study) {
        if (writeback == null) {
            return List.of();
        }
        try {
            if (target.received()) {
                return writeback.queue(study, received.series(target.studyUid(), volume.seriesUid()));
            }
            var metadata = dicomWeb.client(target.dicomWebBase()).seriesMetadata(target.studyUid(), volume.seriesUid());
            return writeback.queue(study, SourceSeries.fromMetadata(metadata));
        } catch (DicomFormatException e) {
            log.warn("analysis {}: results not written back to the PACS: {}", study.analysisId(), e.getMessage());
            return List.of();
        } catch (NotWritableException e) {
            log.warn("analysis {}: results not written back to the PACS: {}", study.analysisId(), e.getMessage());
            return List.of();
        } catch (DicomWebException e) {
            // the message may name the study's path: the status only, no UID in the log
            log.warn(
                    "analysis {}: results not written back to the PACS: the series' metadata could not be read"
                            + " (status {})",
                    study.analysisId(),
                    e.status());
            return List.of();
        }
    }

    private LoadedStudy load(StudyTarget target) throws DicomFormatException {
        if (!target.received()) {
            return loader.fromDicomWeb(dicomWeb.client(target.dicomWebBase()), target.studyUid());
        }
        if (received == null) {
            throw new IllegalStateException(
                    "the study was received, but receiving studies is switched off (ichcds.intake.*)");
        }
        return received.load(target.studyUid());
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
