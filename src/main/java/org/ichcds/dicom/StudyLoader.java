package org.ichcds.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ichcds.dicom.DicomInstance.SeriesHeader;
import org.ichcds.dicom.LoadedStudy.Timings;
import org.ichcds.dicom.ParallelParser.Outcome;
import org.ichcds.dicom.SeriesSelector.Selection;

/**
 * Loads a study for analysis from a DICOM file, a folder of DICOM files, or a DICOMweb study: chooses the series,
 * reads it and assembles the HU volume.
 */
public final class StudyLoader {

    private final DicomReader reader;
    private final SeriesSelector selector;
    private final VolumeAssembler assembler = new VolumeAssembler();
    private final StudyLimits limits;

    /** A loader within the default {@link StudyLimits}. */
    public StudyLoader() {
        this(StudyLimits.defaults());
    }

    public StudyLoader(StudyLimits limits) {
        this.selector = new SeriesSelector(SelectionRules.defaults());
        this.limits = limits;
        this.reader = new DicomReader(limits.maxInstanceBytes());
    }

    /**
     * Loads a file or every file under a folder. Files that are intact but hold no usable image are skipped; a
     * damaged file (cut short, impossible lengths) or one in a transfer syntax not read fails the load.
     *
     * @throws DicomFormatException with a one-line reason when nothing usable is found
     */
    public LoadedStudy fromPath(Path fileOrFolder) throws DicomFormatException {
        long start = System.nanoTime();
        if (!Files.exists(fileOrFolder)) {
            throw new DicomFormatException("no such file or folder: " + fileOrFolder, false);
        }
        ParallelParser parser = new ParallelParser();
        for (Path file : files(fileOrFolder)) {
            parser.submit(() -> reader.read(file));
        }
        List<DicomInstance> instances = new ArrayList<>();
        List<DicomFormatException> skipped = new ArrayList<>();
        for (Outcome outcome : parser.await()) {
            if (outcome.rejection() == null) {
                instances.add(outcome.instance());
            } else if (outcome.rejection().damaged()
                    || outcome.rejection() instanceof UnsupportedTransferSyntaxException
                    || Files.isRegularFile(fileOrFolder)) {
                // an image in an encoding not read may belong to the series analysed: refuse rather than leave a hole
                throw outcome.rejection();
            } else {
                skipped.add(outcome.rejection());
            }
        }
        if (instances.isEmpty()) {
            String first = skipped.isEmpty() ? "no files" : skipped.get(0).getMessage();
            throw new DicomFormatException(
                    "no usable DICOM image in " + fileOrFolder + " (" + skipped.size() + " skipped; " + first + ")",
                    false);
        }
        Map<String, List<DicomInstance>> bySeries = new LinkedHashMap<>();
        instances.forEach(i -> bySeries.computeIfAbsent(i.series().seriesUid(), k -> new ArrayList<>())
                .add(i));
        Selection selection =
                select(bySeries.values().stream().map(SeriesCandidate::of).toList());
        Duration select = Duration.ofNanos(System.nanoTime() - start);
        List<DicomInstance> chosen = bySeries.get(selection.chosen().header().seriesUid());
        CtVolume volume = assemble(chosen);
        Timings timings = new Timings(select, Duration.ZERO, Duration.ofNanos(parser.parseNanos()), since(start));
        return new LoadedStudy(volume, onePatient(chosen), selection.reason(), timings, fileOrFolder.toString());
    }

    /**
     * Loads one series from encoded Part-10 instances held in memory, parsed on the same pool and with the same guards as
     * instances fetched over DICOMweb (the server's start-up warm-up runs its synthetic series through it).
     *
     * @throws DicomFormatException when an instance is damaged or the instances are not one usable series
     */
    public LoadedStudy fromEncoded(List<byte[]> encoded, String source) throws DicomFormatException {
        long start = System.nanoTime();
        ParallelParser parser = new ParallelParser();
        for (int i = 0; i < encoded.size(); i++) {
            byte[] part = encoded.get(i);
            String name = "instance " + (i + 1) + " of " + source;
            parser.submit(() -> reader.read(part, name));
        }
        List<DicomInstance> instances = new ArrayList<>();
        for (Outcome outcome : parser.await()) {
            if (outcome.rejection() != null) {
                throw outcome.rejection();
            }
            instances.add(outcome.instance());
        }
        if (instances.isEmpty()) {
            throw new DicomFormatException("no instance in " + source, false);
        }
        CtVolume volume = assemble(instances);
        Timings timings =
                new Timings(Duration.ZERO, Duration.ZERO, Duration.ofNanos(parser.parseNanos()), since(start));
        return new LoadedStudy(volume, onePatient(instances), "series given", timings, source);
    }

    /**
     * Loads a study from a DICOMweb PACS: QIDO-RS for its series, WADO-RS metadata to choose one, WADO-RS to fetch
     * it.
     *
     * @throws DicomFormatException when the study has no usable series or an instance is damaged
     * @throws DicomWebException when the PACS cannot be reached or refuses
     */
    public LoadedStudy fromDicomWeb(DicomWebClient client, String studyUid) throws DicomFormatException {
        long start = System.nanoTime();
        List<DicomWebClient.SeriesInfo> series = client.searchSeries(studyUid);
        if (series.isEmpty()) {
            throw new DicomFormatException("PACS " + client.endpoint().baseUrl() + " has no study " + studyUid, false);
        }
        StudyLimits.check("the number of series in the study", series.size(), limits.maxSeries(), "max-series");
        List<SeriesCandidate> candidates = new ArrayList<>();
        for (DicomWebClient.SeriesInfo info : series) {
            candidates.add(candidate(client, info));
        }
        Selection selection;
        try {
            selection = select(candidates);
        } catch (DicomFormatException none) {
            // a CT series left out only for its size is why nothing was chosen: say so, not "no head CT"
            for (DicomWebClient.SeriesInfo info : series) {
                if ("CT".equalsIgnoreCase(info.modality())) {
                    StudyLimits.check(
                            "the number of images in a CT series of the study",
                            info.instances(),
                            limits.maxInstances(),
                            "max-instances");
                }
            }
            throw none;
        }
        checkBeforeFetch(selection.chosen());
        Duration select = since(start);
        return fetch(client, studyUid, selection.chosen().header().seriesUid(), selection.reason(), select, start);
    }

    /** Loads one known series from a DICOMweb PACS, without selection (the benchmark's full read). */
    public LoadedStudy fromDicomWebSeries(DicomWebClient client, String studyUid, String seriesUid)
            throws DicomFormatException {
        return fetch(client, studyUid, seriesUid, "series given", Duration.ZERO, System.nanoTime());
    }

    private LoadedStudy fetch(
            DicomWebClient client, String studyUid, String seriesUid, String reason, Duration select, long start)
            throws DicomFormatException {
        long fetchStart = System.nanoTime();
        ParallelParser parser = new ParallelParser();
        // each part is parsed on the pool as soon as it has arrived, while the next one is still being received
        try {
            client.retrieveSeries(studyUid, seriesUid, parsing(parser, seriesUid), limits.parts());
        } catch (DicomWebException e) {
            // over a limit as the bytes arrived: the study is too large, not the PACS unreachable
            if (e.getCause() instanceof MultipartParts.LimitExceeded over) {
                throw new StudyTooLargeException("the series as fetched: " + over.getMessage() + " ("
                        + StudyLimits.PREFIX + over.setting() + ")");
            }
            throw e;
        }
        Duration fetch = since(fetchStart);
        List<DicomInstance> instances = new ArrayList<>();
        for (Outcome outcome : parser.await()) {
            if (outcome.rejection() != null) {
                throw outcome.rejection();
            }
            instances.add(outcome.instance());
        }
        if (instances.isEmpty()) {
            throw new DicomFormatException("PACS returned no instance for series " + seriesUid, false);
        }
        for (DicomInstance instance : instances) {
            if (!instance.series().seriesUid().equals(seriesUid)) {
                throw new DicomFormatException("PACS returned an instance of series "
                        + instance.series().seriesUid() + " when asked for " + seriesUid);
            }
        }
        CtVolume volume = assemble(instances);
        String source = client.endpoint().baseUrl() + "/studies/" + studyUid;
        Timings timings = new Timings(select, fetch, Duration.ofNanos(parser.parseNanos()), since(start));
        return new LoadedStudy(volume, onePatient(instances), reason, timings, source);
    }

    /** Hands each part to the parser; a retrieval started again (in another transfer syntax) drops what it had. */
    private DicomWebClient.PartConsumer parsing(ParallelParser parser, String seriesUid) {
        return new DicomWebClient.PartConsumer() {
            @Override
            public void accept(int index, byte[] part) {
                parser.submit(() -> reader.read(part, "instance " + (index + 1) + " of series " + seriesUid));
            }

            @Override
            public boolean restart() {
                parser.discard();
                return true;
            }
        };
    }

    /** The chosen series within the limits, from what QIDO-RS and the metadata said: nothing is fetched otherwise. */
    private void checkBeforeFetch(SeriesCandidate chosen) throws StudyTooLargeException {
        StudyLimits.check(
                "the number of images in the chosen series",
                chosen.sliceCount(),
                limits.maxInstances(),
                "max-instances");
        if (chosen.rows() > 0) {
            StudyLimits.check("the number of rows of its images", chosen.rows(), limits.maxRows(), "max-rows");
        }
        if (chosen.columns() > 0) {
            StudyLimits.check(
                    "the number of columns of its images", chosen.columns(), limits.maxColumns(), "max-columns");
        }
    }

    private SeriesCandidate candidate(DicomWebClient client, DicomWebClient.SeriesInfo info) {
        SeriesHeader bare = new SeriesHeader(
                info.studyUid(),
                info.seriesUid(),
                info.seriesNumber(),
                info.modality(),
                info.description(),
                "",
                "",
                "",
                "");
        if (!"CT".equalsIgnoreCase(info.modality()) || info.instances() > limits.maxInstances()) {
            // no need to fetch the metadata of a series the modality rule excludes anyway, nor of one too large to
            // analyse (refused before any fetch if it is the one chosen)
            return new SeriesCandidate(bare, null, Double.NaN, info.instances());
        }
        List<JsonNode> metadata = client.seriesMetadata(info.studyUid(), info.seriesUid());
        if (metadata.isEmpty()) {
            return new SeriesCandidate(bare, null, Double.NaN, 0);
        }
        JsonNode first = metadata.get(0);
        SeriesHeader header = new SeriesHeader(
                info.studyUid(),
                info.seriesUid(),
                DicomJson.integer(first, "00200011", info.seriesNumber()),
                DicomJson.text(first, "00080060"),
                DicomJson.text(first, "0008103E"),
                DicomJson.text(first, "00180015"),
                DicomJson.text(first, "00180010"),
                DicomJson.joined(first, "00181210"),
                DicomJson.joined(first, "00080008"));
        return new SeriesCandidate(
                header,
                DicomJson.decimals(first, "00200037", 6),
                DicomJson.decimal(first, "00180050"),
                metadata.size(),
                DicomJson.integer(first, "00280010", 0),
                DicomJson.integer(first, "00280011", 0));
    }

    private Selection select(List<SeriesCandidate> candidates) throws DicomFormatException {
        try {
            return selector.select(candidates);
        } catch (IllegalArgumentException e) {
            throw new DicomFormatException(e.getMessage(), false);
        }
    }

    /** The patient of a series; a series whose images name different patients is not analysed. */
    private static DicomInstance.PatientIdentity onePatient(List<DicomInstance> instances) throws DicomFormatException {
        DicomInstance.PatientIdentity first = instances.get(0).patient();
        for (DicomInstance instance : instances) {
            if (!instance.patient().equals(first)) {
                // the identifiers themselves stay out of the message: it may reach logs
                throw new DicomFormatException(
                        "the images of series " + instance.series().seriesUid() + " name different patients", false);
            }
        }
        return first;
    }

    private CtVolume assemble(List<DicomInstance> instances) throws DicomFormatException {
        try {
            return assembler.assemble(instances);
        } catch (IllegalArgumentException e) {
            throw new DicomFormatException(e.getMessage(), false);
        }
    }

    private static List<Path> files(Path fileOrFolder) throws DicomFormatException {
        if (Files.isRegularFile(fileOrFolder)) {
            return List.of(fileOrFolder);
        }
        try (Stream<Path> walk = Files.walk(fileOrFolder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new DicomFormatException("cannot list " + fileOrFolder + ": " + e.getMessage(), false);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
