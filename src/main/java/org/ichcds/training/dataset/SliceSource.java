package org.ichcds.training.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.Box;
import org.ichcds.preprocessing.ModelInput;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.preprocessing.SliceTransform;

/**
 * The preprocessed slices of a set of studies, held in memory for training and evaluation. Each study is read once
 * with the serving path ({@link StudyLoader#fromPath}, then the {@link Preprocessor}: head crop, brain mask,
 * resampling) and kept as 2 bytes per pixel (see {@link HuCodec}), so about 128 KiB per 256² slice; the window
 * channels are rendered on demand, identical to what the server feeds the model. Slices of a study are contiguous and
 * in volume order (along the slice normal). With slice context each slice is rendered with its two neighbours in the
 * series, labelled or not, an edge slice standing in for its missing one, as the {@link Preprocessor} does for the
 * server. Truth boxes are mapped to model-input pixels with the slice's {@link SliceTransform}.
 */
public final class SliceSource {

    /**
     * Where one study's slices lie in the source.
     *
     * @param study the study as indexed
     * @param first index of its first slice
     * @param count its slices found in the loaded series, in volume order
     * @param transform the mapping between original and model pixels (one per study: the crop is per volume)
     */
    public record StudyRange(DatasetStudy study, int first, int count, SliceTransform transform) {}

    /** Receives the number of slices of each study once it is loaded (for a progress bar). */
    public interface Progress {
        void studyLoaded(int slices);
    }

    private final PreprocessingSettings settings;
    private final SliceWindows windows;
    private final List<StudyRange> studies;
    private final List<LoadedSlice> slices;
    private final int missingSlices;

    /**
     * One stored slice; with slice context, the pixels of its previous and next slices in the series (itself at an
     * edge), else null.
     */
    record LoadedSlice(DatasetSlice slice, short[] pixels, short[][] neighbours, List<Box> boxes) {}

    private SliceSource(
            PreprocessingSettings settings, List<StudyRange> studies, List<LoadedSlice> slices, int missing) {
        this.settings = settings;
        this.windows = new SliceWindows(settings.channels());
        this.studies = List.copyOf(studies);
        this.slices = slices;
        this.missingSlices = missing;
    }

    /**
     * Loads studies with {@code threads} studies in parallel.
     *
     * @param settings the serving preprocessing (input size, window channels, slice context and slabs)
     * @throws IllegalArgumentException naming the study that cannot be read
     */
    public static SliceSource load(
            List<DatasetStudy> studies, PreprocessingSettings settings, int threads, Progress progress) {
        Preprocessor probe = new Preprocessor(HuCodec.probeSettings(settings));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<StudyLoad>> futures = new ArrayList<>();
            for (DatasetStudy study : studies) {
                futures.add(pool.submit(() -> {
                    StudyLoad load = loadStudy(study, probe, settings.sliceContext());
                    progress.studyLoaded(load.slices.size());
                    return load;
                }));
            }
            List<StudyRange> ranges = new ArrayList<>();
            List<LoadedSlice> slices = new ArrayList<>();
            int missing = 0;
            for (Future<StudyLoad> future : futures) {
                StudyLoad load = future.get();
                ranges.add(new StudyRange(load.study, slices.size(), load.slices.size(), load.transform));
                slices.addAll(load.slices);
                missing += load.study.slices().size() - load.slices.size();
            }
            return new SliceSource(settings, ranges, slices, missing);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading studies", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private record StudyLoad(DatasetStudy study, List<LoadedSlice> slices, SliceTransform transform) {}

    private static StudyLoad loadStudy(DatasetStudy study, Preprocessor probe, boolean context) throws IOException {
        CtVolume volume = readVolume(study);
        ModelInput input = probe.preprocess(volume);
        Map<String, DatasetSlice> bySop = new HashMap<>();
        study.slices().forEach(s -> bySop.put(s.sopInstanceUid(), s));
        int pixels = input.size() * input.size();
        int last = volume.sliceCount() - 1;
        // every slice packed at most once: a labelled slice and its neighbours share one array
        short[][] packed = new short[volume.sliceCount()][];
        List<LoadedSlice> slices = new ArrayList<>();
        for (int s = 0; s <= last; s++) {
            DatasetSlice slice = bySop.get(volume.slices().get(s).sopInstanceUid());
            if (slice == null) {
                continue;
            }
            // the neighbours are the series' own, as the server reads them, labelled or not
            short[][] neighbours = context
                    ? new short[][] {
                        packed(input, Math.max(0, s - 1), pixels, packed),
                        packed(input, Math.min(last, s + 1), pixels, packed)
                    }
                    : null;
            slices.add(new LoadedSlice(
                    slice,
                    packed(input, s, pixels, packed),
                    neighbours,
                    modelBoxes(slice, input.transforms().get(s))));
        }
        return new StudyLoad(study, slices, input.transforms().get(0));
    }

    /** Slice {@code s} of the probe input packed as {@link HuCodec} pixels, once. */
    private static short[] packed(ModelInput input, int s, int pixels, short[][] packed) {
        if (packed[s] == null) {
            short[] out = new short[pixels];
            float[] data = input.data();
            for (int p = 0; p < pixels; p++) {
                int o = (s * pixels + p) * 2;
                out[p] = HuCodec.pack(data[o], data[o + 1]);
            }
            packed[s] = out;
        }
        return packed[s];
    }

    private static CtVolume readVolume(DatasetStudy study) throws IOException {
        try {
            if (study.folder() != null) {
                return new StudyLoader().fromPath(study.folder()).volume();
            }
            // flat layout (all studies in one folder): show the loader this study's files alone
            Path folder = Files.createTempDirectory("ichcds-study");
            try {
                for (DatasetSlice slice : study.slices()) {
                    Files.createSymbolicLink(
                            folder.resolve(slice.file().getFileName()),
                            slice.file().toAbsolutePath());
                }
                return new StudyLoader().fromPath(folder).volume();
            } finally {
                try (var links = Files.list(folder)) {
                    for (Path link : links.toList()) {
                        Files.delete(link);
                    }
                }
                Files.delete(folder);
            }
        } catch (DicomFormatException e) {
            throw new IllegalArgumentException("study " + study.uid() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The slice's boxes in model pixels, clipped to the input; boxes that fall outside it are dropped. */
    static List<Box> modelBoxes(DatasetSlice slice, SliceTransform transform) {
        List<Box> boxes = new ArrayList<>();
        int size = transform.size();
        for (LabelledBox labelled : slice.boxes()) {
            PixelBox box = transform.toModel(labelled.box());
            double x0 = Math.max(0, box.x());
            double y0 = Math.max(0, box.y());
            double x1 = Math.min(size, box.x() + box.width());
            double y1 = Math.min(size, box.y() + box.height());
            if (x1 - x0 >= 0.5 && y1 - y0 >= 0.5) {
                boxes.add(Box.truth(labelled.label(), (float) x0, (float) y0, (float) (x1 - x0), (float) (y1 - y0)));
            }
        }
        return boxes;
    }

    /** The studies, in load order. */
    public List<StudyRange> studies() {
        return studies;
    }

    public int sliceCount() {
        return slices.size();
    }

    /** Model input side in pixels. */
    int inputSize() {
        return settings.inputSize();
    }

    /** Labelled slices that were not in the series the loader chose (another series, or unreadable). */
    public int missingSlices() {
        return missingSlices;
    }

    /** The indexed slice at a position. */
    public DatasetSlice slice(int index) {
        return slices.get(index).slice();
    }

    /** A slice's truth boxes in model-input pixels. */
    List<Box> boxes(int index) {
        return slices.get(index).boxes();
    }

    /**
     * Writes a slice's model input ({@code size² × channels} floats, NHWC: its windows, with slice context its
     * neighbours' too) at {@code offset}, as the server would.
     */
    void render(int index, float[] out, int offset) {
        short[][] pixels = inputPixels(index);
        for (int k = 0; k < pixels.length; k++) {
            windows.render(pixels[k], out, offset + k * windows.channels(), channels(), 0, null);
        }
    }

    /** Channels per slice of the model input: 3, or 9 with slice context. */
    int channels() {
        return settings.channelCount();
    }

    /**
     * The stored slices a slice's input is made of, in channel order: the slice alone, or with slice context the
     * previous slice of its series, itself and the next one (itself in place of a missing neighbour), labelled or not.
     */
    short[][] inputPixels(int index) {
        LoadedSlice slice = slices.get(index);
        if (slice.neighbours() == null) {
            return new short[][] {slice.pixels()};
        }
        return new short[][] {slice.neighbours()[0], slice.pixels(), slice.neighbours()[1]};
    }

    /** The model input of a whole study, {@code count × size² × channels} floats in volume order. */
    public float[] images(StudyRange study) {
        int values = settings.inputSize() * settings.inputSize() * channels();
        float[] out = new float[study.count() * values];
        for (int i = 0; i < study.count(); i++) {
            render(study.first() + i, out, i * values);
        }
        return out;
    }

    /**
     * Bytes held for the slices (pixels, labels and boxes), for memory planning. Each packed slice counts once, the
     * unlabelled neighbours a slice-context source keeps included.
     */
    public long bytes() {
        Set<short[]> packed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (LoadedSlice slice : slices) {
            packed.add(slice.pixels());
            if (slice.neighbours() != null) {
                packed.addAll(Arrays.asList(slice.neighbours()));
            }
        }
        long pixels = packed.stream().mapToLong(a -> 16L + 2L * a.length).sum();
        long boxes = slices.stream().mapToLong(s -> s.boxes().size()).sum() * 40;
        return pixels + 200L * slices.size() + boxes;
    }

    short[] pixels(int index) {
        return slices.get(index).pixels();
    }

    public PreprocessingSettings settings() {
        return settings;
    }
}
