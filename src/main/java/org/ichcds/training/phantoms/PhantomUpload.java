package org.ichcds.training.phantoms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomWebClient;

/** Generates phantom studies and stores them in a PACS over STOW-RS: the demo's and the integration tests' data. */
public final class PhantomUpload {

    private final PhantomSettings settings;
    private final PhantomGenerator generator;

    public PhantomUpload(PhantomSettings settings) {
        this.settings = settings;
        this.generator = new PhantomGenerator(settings);
    }

    /** A phantom study as stored: its truth and its UIDs. */
    public record Stored(PhantomStudy study, String studyUid, String seriesUid, List<String> sopInstanceUids) {
        boolean positive() {
            return study.plan().positive();
        }
    }

    /** The first planned study that is positive (or negative), generated and stored. */
    public Stored upload(boolean positive, Path scratch, DicomWebClient pacs) {
        Stored stored = write(positive, scratch);
        pacs.store(read(folder(scratch, stored.studyUid())));
        return stored;
    }

    /** The folder {@link #write} puts a study's DICOM files in. */
    public static Path folder(Path scratch, String studyUid) {
        return scratch.resolve("dicom").resolve(studyUid);
    }

    /** The first planned study that is positive (or negative), generated as DICOM files (see {@link #folder}). */
    public Stored write(boolean positive, Path scratch) {
        StudyPlan plan = generator.plan(10).stream()
                .filter(p -> p.positive() == positive)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + (positive ? "positive" : "negative")
                        + " study among the first 10 of seed " + settings.seed()));
        PhantomStudy study = new PhantomDatasetWriter(settings, 1).writeStudy(plan, scratch);
        CtVolume volume = study.volume();
        List<String> sops =
                volume.slices().stream().map(CtVolume.CtSlice::sopInstanceUid).toList();
        return new Stored(study, volume.studyUid(), volume.seriesUid(), sops);
    }

    private static List<byte[]> read(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<byte[]> bytes = new ArrayList<>();
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList()) {
                bytes.add(Files.readAllBytes(file));
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + folder, e);
        }
    }
}
