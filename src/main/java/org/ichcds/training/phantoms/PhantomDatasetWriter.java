package org.ichcds.training.phantoms;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Writes a phantom data set in the formats real data comes in.
 *
 * <p>Layout of {@code DIR}:
 *
 * <ul>
 *   <li>{@code dicom/<StudyInstanceUID>/ID_<hex>.dcm}: one CT Image Storage file per slice; the file stem is the
 *       RSNA-style image id, and the id is the first 10 hex digits of SHA-256 of the file's SOPInstanceUID (a
 *       {@code 2.25.} UID), so either can be computed from the other's file;
 *   <li>{@code labels.csv}: RSNA 2019 format, {@code ID,Label}, rows {@code ID_<hex>_<label>,0|1} for the labels
 *       any, epidural, intraparenchymal, intraventricular, subarachnoid, subdural, chronic;
 *   <li>{@code boxes.csv}: BHX format, {@code SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,data,labelName,
 *       labelType}, one box per lesion per slice, {@code data} = {@code {'x': .., 'y': .., 'width': .., 'height':
 *       ..}} in pixels from the top-left corner;
 *   <li>{@code studies.csv}: {@code StudyInstanceUID,SeriesInstanceUID,PatientID,split,slices,} then one 0/1 column
 *       per label (study-level truth), then what evaluation groups by: {@code style} (classic, randomised, heldout),
 *       {@code matrix}, {@code pixel_spacing_mm}, {@code slice_thickness_mm}, {@code slice_spacing_mm} (along the
 *       normal), {@code kernel}, {@code tilt_deg}, {@code storage} (signed, signed-zero-intercept, unsigned-12,
 *       wrapped-12), {@code padding_hu} (none or the padding HU), {@code motion} (0/1) and {@code lesion_volume_ml} (hemorrhage pixels times voxel size);
 *   <li>{@code images.csv}: {@code ID,SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,InstanceNumber,split}.
 * </ul>
 *
 * Studies are generated in parallel; rows are written in study order, so the files do not depend on scheduling.
 */
public final class PhantomDatasetWriter {

    private final PhantomGenerator generator;
    private final PhantomDicomWriter dicom = new PhantomDicomWriter();
    private final int threads;
    private final java.util.concurrent.atomic.LongAdder generateNanos = new java.util.concurrent.atomic.LongAdder();
    private final long minimumFreeBytes;

    /** The disk space a writer leaves free unless told otherwise: 256 MiB. */
    public static final long DEFAULT_MINIMUM_FREE_BYTES = 256L << 20;

    public PhantomDatasetWriter(PhantomSettings settings, int threads) {
        this(settings, threads, DEFAULT_MINIMUM_FREE_BYTES);
    }

    /**
     * @param minimumFreeBytes no study is started while the disk of the output folder has less than this free: a
     *     large set stops with {@link DiskSpaceException} instead of filling the disk (a randomised 512² study takes
     *     about 40 MB, a classic one about 18 MB)
     */
    public PhantomDatasetWriter(PhantomSettings settings, int threads, long minimumFreeBytes) {
        this.generator = new PhantomGenerator(settings);
        this.threads = Math.max(1, threads);
        this.minimumFreeBytes = minimumFreeBytes;
    }

    /** Generation stopped because the disk of the output folder was nearly full. */
    public static final class DiskSpaceException extends IllegalStateException {
        DiskSpaceException(String message) {
            super(message);
        }
    }

    /**
     * Generates {@code studies} studies into {@code out}; {@code progress} receives the number of slices of each
     * finished study.
     */
    public Summary write(Path out, int studies, IntConsumer progress) {
        List<StudyPlan> plans = generator.plan(studies);
        long slices = 0;
        long pixels = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CsvFiles csv = new CsvFiles(out)) {
            List<Future<PhantomStudy>> futures = new ArrayList<>();
            for (StudyPlan plan : plans) {
                futures.add(pool.submit(() -> writeStudy(plan, out)));
            }
            for (int i = 0; i < futures.size(); i++) {
                PhantomStudy study = futures.get(i).get();
                futures.set(i, null); // a finished study is large: let it go once its CSV rows are written
                csv.add(study);
                slices += study.volume().sliceCount();
                pixels += (long) study.volume().sliceCount()
                        * study.volume().rows()
                        * study.volume().columns();
                progress.accept(study.volume().sliceCount());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return new Summary(studies, slices, pixels, generateNanos.sum());
    }

    /**
     * What a {@link #write} made and how long rendering took.
     *
     * @param studies studies written
     * @param slices slices written
     * @param pixels pixels written (slices times matrix squared)
     * @param generateNanos time spent generating (rendering, noise, truth), summed over the threads; excludes writing
     */
    public record Summary(int studies, long slices, long pixels, long generateNanos) {

        /** Generation time per study, ms. */
        public double msPerStudy() {
            return generateNanos / 1e6 / studies;
        }

        /** Generation time for the pixels of a 40-slice 512² study, ms: comparable across matrices and slice counts. */
        public double msPer40Slices512() {
            return generateNanos / 1e6 / pixels * 40 * 512 * 512;
        }
    }

    /**
     * Generates one study and writes its DICOM files into {@code out/dicom/<StudyInstanceUID>/} (no CSV files); the
     * demo and the tests use it to make single studies.
     */
    PhantomStudy writeStudy(StudyPlan plan, Path out) {
        requireFreeSpace(out, plan.index());
        long start = System.nanoTime();
        PhantomStudy study = generator.generate(plan);
        generateNanos.add(System.nanoTime() - start);
        dicom.write(study, out.resolve("dicom").resolve(study.volume().studyUid()));
        return study;
    }

    private void requireFreeSpace(Path out, int studyIndex) {
        long free;
        try {
            Files.createDirectories(out);
            free = Files.getFileStore(out).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the free space of " + out, e);
        }
        if (free < minimumFreeBytes) {
            throw new DiskSpaceException("stopped before study " + (studyIndex + 1) + ": the disk of " + out
                    + " has " + (free >> 20) + " MB free, less than the " + (minimumFreeBytes >> 20)
                    + " MB kept free (a randomised 512x512 study takes about 40 MB, a classic one about 18 MB);"
                    + " free space or ask for fewer studies, and delete the partial set in " + out);
        }
    }

    /** The four CSV files, appended study by study. */
    private static final class CsvFiles implements AutoCloseable {
        private final BufferedWriter labels;
        private final BufferedWriter boxes;
        private final BufferedWriter studies;
        private final BufferedWriter images;

        CsvFiles(Path out) throws IOException {
            Files.createDirectories(out);
            labels = open(out.resolve("labels.csv"), "ID,Label");
            boxes = open(
                    out.resolve("boxes.csv"),
                    "SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,data,labelName,labelType");
            studies = open(
                    out.resolve("studies.csv"),
                    "StudyInstanceUID,SeriesInstanceUID,PatientID,split,slices," + String.join(",", Subtype.LABELS)
                            + "," + String.join(",", StudyAttributes.COLUMNS));
            images = open(
                    out.resolve("images.csv"),
                    "ID,SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,InstanceNumber,split");
        }

        private static BufferedWriter open(Path file, String header) throws IOException {
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
            w.write(header);
            w.write('\n');
            return w;
        }

        void add(PhantomStudy study) throws IOException {
            String series = study.volume().seriesUid();
            String studyUid = study.volume().studyUid();
            String split = study.plan().split();
            for (int s = 0; s < study.slices().size(); s++) {
                PhantomStudy.SliceTruth slice = study.slices().get(s);
                for (int l = 0; l < Subtype.LABELS.size(); l++) {
                    labels.write(
                            slice.imageId() + "_" + Subtype.LABELS.get(l) + "," + (slice.labels()[l] ? 1 : 0) + "\n");
                }
                images.write(String.join(
                                ",",
                                slice.imageId(),
                                slice.sopInstanceUid(),
                                series,
                                studyUid,
                                Integer.toString(s + 1),
                                split)
                        + "\n");
            }
            for (PhantomStudy.LesionTruth lesion : study.lesions()) {
                for (PhantomStudy.LesionSlice box : lesion.slices()) {
                    String data = String.format(
                            "\"{'x': %d, 'y': %d, 'width': %d, 'height': %d}\"",
                            box.x(), box.y(), box.width(), box.height());
                    boxes.write(String.join(
                                    ",",
                                    study.slices().get(box.slice()).sopInstanceUid(),
                                    series,
                                    studyUid,
                                    data,
                                    lesion.subtype().bhxName(),
                                    "Box")
                            + "\n");
                }
            }
            StringBuilder row = new StringBuilder(String.join(
                    ",",
                    studyUid,
                    series,
                    study.patientId(),
                    split,
                    Integer.toString(study.slices().size())));
            for (boolean label : study.studyLabels()) {
                row.append(label ? ",1" : ",0");
            }
            row.append(',').append(String.join(",", StudyAttributes.of(study)));
            studies.write(row + "\n");
        }

        @Override
        public void close() throws IOException {
            for (BufferedWriter w : List.of(labels, boxes, studies, images)) {
                w.close();
            }
        }
    }
}
