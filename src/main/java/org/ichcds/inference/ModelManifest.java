package org.ichcds.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.SlabMode;

/**
 * The {@code manifest.json} that travels beside a SavedModel (see {@code models/README.md}).
 *
 * @param id stable model identifier, e.g. {@code ich-small}
 * @param version model version, shown on every card and report
 * @param architecture free text, e.g. {@code resnet-v2 small + yolo head}
 * @param labels the output labels; must be the contract order
 * @param inputSize height and width of the model input in pixels
 * @param windows the sigmoid windows of the three input channels, in channel order
 * @param thresholds per-label operating threshold on the probability, keyed by label code
 * @param files sha256 (lower-case hex) of every file of the model directory except the manifest, keyed by path
 * @param trainingData what the model was trained on
 * @param metrics named evaluation figures, e.g. {@code auc.any}
 * @param calibration how study probabilities are calibrated before the thresholds apply; absent in older manifests,
 *     which means {@link Calibration#identity()}
 * @param sequenceHead the optional second SavedModel that refines slice outputs over the series and gives the study
 *     output; {@code null} (absent) for a slice-only model
 * @param boxScales per subtype, the correction of the detector's box width and height fitted by {@code calibrate}
 *     ({@link BoxScale}); a subtype it does not name keeps its boxes as detected, and an absent field names none
 * @param testTimeAugmentation how the slice network runs on each slice ({@link TestTimeAugmentation}); {@code null}
 *     (absent) for {@link TestTimeAugmentation#NONE}, which is how a manifest holding {@code none} is read too
 * @param flipShare with {@link TestTimeAugmentation#FLIP}, the share of each series' slices that also run mirrored:
 *     the {@code ⌈share × n⌉} of its {@code n} slices to which the slice network's own pass gives the highest {@code
 *     any} probability; the others run once, as they are. {@code null} (absent): every slice. Allowed only with flip,
 *     in (0, 1]
 * @param boxStudyExponent e: each box's score becomes the detector's score times the calibrated study probability of
 *     the box's subtype raised to e, so that boxes of a study the model doubts rank below those of a study it is sure
 *     of, and a study's likelier subtypes' boxes come first. {@code null} (absent): the detector's score as it is.
 *     In (0, 2]
 * @param boxMerge what a slice's suppression does with the boxes it removes ({@link BoxMerge}); {@code null} (absent)
 *     for {@link BoxMerge#SUPPRESS}, which is how a manifest holding {@code suppress} is read too
 * @param minBoxScore the box score (as served: the detector's, weighed by the study when {@link #boxStudyExponent} is
 *     set) from which the model's boxes are worth showing, chosen by {@code calibrate --min-box-score}; a server
 *     whose {@code ichcds.inference.min-box-score} is set uses its own. {@code null} (absent): {@link
 *     #DEFAULT_MIN_BOX_SCORE}. In (0, 1)
 * @param boxGrids per subtype, which grid of a two-grid detection head its boxes come from ({@link BoxGrid}); a
 *     subtype it does not name reads both grids, and an absent field names none. {@code both} is left out when written
 * @param slabMm the slab, in mm, that thin slices are read as before the slice network ({@link
 *     PreprocessingSettings#slabMm()}): each slice becomes the mean (or median, {@link #slabMode}) of the slices whose
 *     centres lie within half of it. {@code null} (absent): every slice as it is. In [1, 10]
 * @param slabMode with {@link #slabMm}, how a slab's slices become one ({@link SlabMode}); {@code null} (absent) for
 *     {@link SlabMode#MEAN}, which is how a manifest holding {@code mean} is read too
 * @param sliceContext {@code true}: each slice's input also carries its two neighbours' windows, previous slice's
 *     channels, this slice's, next slice's (an edge slice stands in for its missing neighbour), so three windows give
 *     nine channels ({@link PreprocessingSettings#sliceContext()}). {@code null} (absent): three channels, the slice
 *     alone, which is how a manifest holding {@code false} is read too
 */
public record ModelManifest(
        String id,
        String version,
        String architecture,
        List<String> labels,
        InputSize inputSize,
        List<Window> windows,
        Map<String, Double> thresholds,
        Map<String, String> files,
        String trainingData,
        Map<String, Double> metrics,
        Calibration calibration,
        @JsonInclude(JsonInclude.Include.NON_NULL) SequenceHead sequenceHead,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, BoxScale> boxScales,
        @JsonInclude(JsonInclude.Include.NON_NULL) TestTimeAugmentation testTimeAugmentation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double flipShare,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double boxStudyExponent,
        @JsonInclude(JsonInclude.Include.NON_NULL) BoxMerge boxMerge,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double minBoxScore,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, BoxGrid> boxGrids,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double slabMm,
        @JsonInclude(JsonInclude.Include.NON_NULL) SlabMode slabMode,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean sliceContext) {

    /** The manifest's file name inside a model directory. */
    public static final String FILE_NAME = "manifest.json";

    /** The box score from which a model's boxes are shown when neither its manifest nor the server names one. */
    public static final float DEFAULT_MIN_BOX_SCORE = 0.25f;

    /** The largest {@link #boxStudyExponent} a manifest may name. */
    public static final double MAX_BOX_STUDY_EXPONENT = 2;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Model input size in pixels. */
    public record InputSize(int height, int width) {
        public InputSize {
            if (height < 16 || width < 16 || height > 4096 || width > 4096) {
                throw new IllegalArgumentException("model input size " + height + "x" + width + " is outside 16..4096");
            }
        }
    }

    /** A sigmoid window (Lee et al. 2019) in Hounsfield units. */
    public record Window(String name, double level, double width) {
        /** Brain window, WL 40 / WW 80 HU. */
        static final Window BRAIN = new Window("brain", 40, 80);
        /** Subdural window, WL 80 / WW 200 HU. */
        static final Window SUBDURAL = new Window("subdural", 80, 200);
        /** Bone window, WL 600 / WW 2800 HU. */
        static final Window BONE = new Window("bone", 600, 2800);

        public Window {
            requireText(name, "window name");
            if (!(width > 0) || !Double.isFinite(level) || width > 10_000) {
                throw new IllegalArgumentException("window '" + name + "' has level " + level + " width " + width);
            }
        }
    }

    /**
     * The manifest's {@code sequenceHead} block: a SavedModel in a sub-directory of the model directory (tag {@code
     * serve}, signature {@code serving_default}) taking input {@code embeddings} float32 {@code [1, S, E]}, the slice
     * network's {@code embeddings} output of one series in slice order, and giving {@code slice_probabilities} {@code
     * [1, S, 7]} and {@code study_probabilities} {@code [1, 7]}.
     *
     * @param directory the head's SavedModel directory, relative to the model directory, e.g. {@code sequence}
     * @param embeddingWidth {@code E}: the width of the slice network's {@code embeddings} output the head reads
     * @param architecture free text
     * @param labels the labels whose outputs (refined slices and study) come from the head, in contract order; the
     *     others keep the slice network's own slice probabilities and, as study output, their maximum over the slices.
     *     {@code null} (absent) means every label, as before the field existed
     */
    public record SequenceHead(
            String directory,
            int embeddingWidth,
            String architecture,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> labels) {

        /** A head that serves every label. */
        public SequenceHead(String directory, int embeddingWidth, String architecture) {
            this(directory, embeddingWidth, architecture, null);
        }

        public SequenceHead {
            if (directory == null
                    || directory.isBlank()
                    || directory.startsWith("/")
                    || directory.contains("\\")
                    || List.of(directory.split("/")).contains("..")) {
                throw new IllegalArgumentException(
                        "sequenceHead directory '" + directory + "' is not a relative path inside the model directory");
            }
            if (embeddingWidth < 1 || embeddingWidth > 65_536) {
                throw new IllegalArgumentException(
                        "sequenceHead embeddingWidth " + embeddingWidth + " is outside 1..65536");
            }
            architecture = architecture == null ? "" : architecture;
            labels = servedLabels(labels);
        }

        /** Whether the head gives this label's outputs (otherwise the slice network does). */
        public boolean serves(HemorrhageLabel label) {
            return labels == null || labels.contains(label.code());
        }

        /** A copy serving these labels (every label: the field is left out). */
        public SequenceHead withLabels(java.util.Collection<HemorrhageLabel> served) {
            return new SequenceHead(
                    directory,
                    embeddingWidth,
                    architecture,
                    served.stream().map(HemorrhageLabel::code).toList());
        }

        private static List<String> servedLabels(List<String> labels) {
            if (labels == null) {
                return null;
            }
            java.util.Set<String> named = new java.util.HashSet<>();
            for (String code : labels) {
                if (code == null || !HemorrhageLabel.codes().contains(code)) {
                    throw new IllegalArgumentException("sequenceHead labels name '" + code
                            + "', which is not a label of the contract " + HemorrhageLabel.codes());
                }
                if (!named.add(code)) {
                    throw new IllegalArgumentException("sequenceHead labels name '" + code + "' twice");
                }
            }
            if (named.size() == HemorrhageLabel.COUNT) {
                return null;
            }
            return HemorrhageLabel.codes().stream().filter(named::contains).toList();
        }
    }

    /** A manifest without a sequence head or box corrections (a slice-only model, boxes as the detector gives them). */
    public ModelManifest(
            String id,
            String version,
            String architecture,
            List<String> labels,
            InputSize inputSize,
            List<Window> windows,
            Map<String, Double> thresholds,
            Map<String, String> files,
            String trainingData,
            Map<String, Double> metrics,
            Calibration calibration) {
        this(
                id,
                version,
                architecture,
                labels,
                inputSize,
                windows,
                thresholds,
                files,
                trainingData,
                metrics,
                calibration,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public ModelManifest {
        requireText(id, "id");
        requireText(version, "version");
        architecture = architecture == null ? "" : architecture;
        if (!HemorrhageLabel.codes().equals(labels)) {
            throw new IllegalArgumentException(
                    "manifest labels " + labels + " differ from the contract order " + HemorrhageLabel.codes());
        }
        Objects.requireNonNull(inputSize, "manifest inputSize is missing");
        windows = List.copyOf(Objects.requireNonNull(windows, "manifest windows are missing"));
        if (windows.size() != 3) {
            throw new IllegalArgumentException(
                    "manifest lists " + windows.size() + " windows; the slice network takes 3");
        }
        thresholds = checkThresholds(thresholds);
        files = checkFiles(files == null ? Map.of() : files);
        trainingData = trainingData == null ? "" : trainingData;
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
        calibration = calibration == null ? Calibration.identity() : calibration;
        boxScales = checkBoxScales(boxScales);
        boxGrids = checkBoxGrids(boxGrids);
        testTimeAugmentation = testTimeAugmentation == TestTimeAugmentation.NONE ? null : testTimeAugmentation;
        checkFlipShare(flipShare, testTimeAugmentation);
        if (boxStudyExponent != null && !(boxStudyExponent > 0 && boxStudyExponent <= MAX_BOX_STUDY_EXPONENT)) {
            throw new IllegalArgumentException("manifest boxStudyExponent " + boxStudyExponent + " is outside (0, 2];"
                    + " remove it to score boxes by the detector alone");
        }
        boxMerge = boxMerge == BoxMerge.SUPPRESS ? null : boxMerge;
        if (minBoxScore != null && !(minBoxScore > 0 && minBoxScore < 1)) {
            throw new IllegalArgumentException("manifest minBoxScore " + minBoxScore + " is outside (0, 1);"
                    + " remove it to show boxes from " + DEFAULT_MIN_BOX_SCORE);
        }
        if (slabMm != null && !PreprocessingSettings.isSlab(slabMm)) {
            throw new IllegalArgumentException("manifest slabMm " + slabMm + " is outside [1, "
                    + PreprocessingSettings.MAX_SLAB_MM + "];"
                    + " remove it to read every slice as it is");
        }
        slabMode = slabMode == SlabMode.MEAN ? null : slabMode;
        if (slabMode != null && slabMm == null) {
            throw new IllegalArgumentException(
                    "manifest slabMode " + slabMode.code() + " needs slabMm; remove it or name the slab's thickness");
        }
        sliceContext = Boolean.TRUE.equals(sliceContext) ? Boolean.TRUE : null;
    }

    private static void checkFlipShare(Double share, TestTimeAugmentation augmentation) {
        if (share == null) {
            return;
        }
        if (augmentation != TestTimeAugmentation.FLIP) {
            throw new IllegalArgumentException(
                    "manifest flipShare " + share + " needs testTimeAugmentation flip; remove it or name flip");
        }
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("manifest flipShare " + share + " is outside (0, 1]");
        }
    }

    /** The contract windows: brain, subdural, bone. */
    public static List<Window> standardWindows() {
        return List.of(Window.BRAIN, Window.SUBDURAL, Window.BONE);
    }

    /** The operating threshold of one label. */
    public double threshold(HemorrhageLabel label) {
        return thresholds.get(label.code());
    }

    /** A copy with the given file digests. */
    ModelManifest withFiles(Map<String, String> digests) {
        Copy copy = new Copy(this);
        copy.files = digests;
        return copy.build();
    }

    /** Whether the model has a sequence head, whose study output replaces the aggregation of slice probabilities. */
    public boolean hasSequenceHead() {
        return sequenceHead != null;
    }

    /** A copy with a sequence head; the file digests are kept, so the directory must be sealed again. */
    public ModelManifest withSequenceHead(SequenceHead head) {
        Copy copy = new Copy(this);
        copy.sequenceHead = head;
        return copy.build();
    }

    /**
     * A copy with a new calibration, the thresholds that go with it (on calibrated probabilities) and new metrics; the
     * file digests are kept, so a directory whose files changed must be sealed again ({@link ModelDirectory#seal}).
     */
    public ModelManifest withCalibration(
            Calibration newCalibration, Map<String, Double> newThresholds, Map<String, Double> newMetrics) {
        Copy copy = new Copy(this);
        copy.calibration = newCalibration;
        copy.thresholds = newThresholds;
        copy.metrics = newMetrics;
        return copy.build();
    }

    /** A copy with other metrics (an evaluation records its figures). */
    public ModelManifest withMetrics(Map<String, Double> newMetrics) {
        return withCalibration(calibration, thresholds, newMetrics);
    }

    /** A copy with another training-data text (a recalibration appends what it was fitted on). */
    public ModelManifest withTrainingData(String text) {
        Copy copy = new Copy(this);
        copy.trainingData = text;
        return copy.build();
    }

    /** The correction of one subtype's detected boxes ({@link BoxScale#IDENTITY} when the manifest names none). */
    public BoxScale boxScale(HemorrhageLabel subtype) {
        return boxScales.getOrDefault(HemorrhageLabel.requireSubtype(subtype).code(), BoxScale.IDENTITY);
    }

    /**
     * A copy with these box corrections (identities are left out); the file digests are kept, so the directory must be
     * sealed again.
     */
    public ModelManifest withBoxScales(Map<HemorrhageLabel, BoxScale> scales) {
        Map<String, BoxScale> codes = new TreeMap<>();
        scales.forEach((label, scale) -> {
            if (!scale.isIdentity()) {
                codes.put(HemorrhageLabel.requireSubtype(label).code(), scale);
            }
        });
        Copy copy = new Copy(this);
        copy.boxScales = codes;
        return copy.build();
    }

    /** Which grid one subtype's boxes come from ({@link BoxGrid#BOTH} when the manifest names none). */
    public BoxGrid boxGrid(HemorrhageLabel subtype) {
        return boxGrids.getOrDefault(HemorrhageLabel.requireSubtype(subtype).code(), BoxGrid.BOTH);
    }

    /**
     * A copy whose subtypes read these grids ({@link BoxGrid#BOTH} is left out); the file digests are kept, so the
     * directory must be sealed again.
     */
    public ModelManifest withBoxGrids(Map<HemorrhageLabel, BoxGrid> grids) {
        Map<String, BoxGrid> codes = new TreeMap<>();
        grids.forEach((label, grid) -> {
            if (grid != BoxGrid.BOTH) {
                codes.put(HemorrhageLabel.requireSubtype(label).code(), grid);
            }
        });
        Copy copy = new Copy(this);
        copy.boxGrids = codes;
        return copy.build();
    }

    /** How the slice network runs on each slice: {@link TestTimeAugmentation#NONE} unless the manifest names one. */
    public TestTimeAugmentation augmentation() {
        return testTimeAugmentation == null ? TestTimeAugmentation.NONE : testTimeAugmentation;
    }

    /**
     * A copy served with this test-time augmentation; its calibration and thresholds hold only for the augmentation
     * they were fitted with, so a change goes with a recalibration. Away from flip, {@link #flipShare} is dropped.
     */
    public ModelManifest withAugmentation(TestTimeAugmentation augmentation) {
        Copy copy = new Copy(this);
        copy.testTimeAugmentation = augmentation;
        if (augmentation != TestTimeAugmentation.FLIP) {
            copy.flipShare = null;
        }
        return copy.build();
    }

    /**
     * The test-time augmentation in words: {@code none}, {@code flip}, or {@code flip on the 25 % of each series'
     * slices with the highest any probability}.
     */
    public String augmentationText() {
        if (flipShare == null) {
            return augmentation().code();
        }
        String percent = new java.math.BigDecimal(flipShare * 100)
                .round(new java.math.MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
        return augmentation().code() + " on the " + percent + " % of each series' slices with the highest any"
                + " probability";
    }

    /**
     * A copy served with flip on this share of each series' slices, those the network is surest of a bleed ({@code
     * null}: every slice); it must already name flip.
     */
    public ModelManifest withFlipShare(Double share) {
        Copy copy = new Copy(this);
        copy.flipShare = share;
        return copy.build();
    }

    /**
     * The exponent of the study probability in a box's score ({@link #boxStudyExponent}); 0 when the manifest names
     * none, which leaves the detector's score as it is.
     */
    public double boxStudyWeight() {
        return boxStudyExponent == null ? 0 : boxStudyExponent;
    }

    /** A copy that scores boxes with this exponent of their subtype's study probability ({@code null}: none). */
    public ModelManifest withBoxStudyExponent(Double exponent) {
        Copy copy = new Copy(this);
        copy.boxStudyExponent = exponent;
        return copy.build();
    }

    /** What a slice's suppression does with the boxes it removes; {@link BoxMerge#SUPPRESS} when the manifest names none. */
    public BoxMerge boxMergeMode() {
        return boxMerge == null ? BoxMerge.SUPPRESS : boxMerge;
    }

    /** A copy whose slices' suppression merges or drops the boxes it removes. */
    public ModelManifest withBoxMerge(BoxMerge merge) {
        Copy copy = new Copy(this);
        copy.boxMerge = merge;
        return copy.build();
    }

    /** The box score from which this model's boxes are shown: {@link #minBoxScore}, else the default 0.25. */
    public float boxScoreShown() {
        return minBoxScore == null ? DEFAULT_MIN_BOX_SCORE : minBoxScore.floatValue();
    }

    /** A copy that shows boxes from this score ({@code null}: from the default). */
    public ModelManifest withMinBoxScore(Double score) {
        Copy copy = new Copy(this);
        copy.minBoxScore = score;
        return copy.build();
    }

    /** The slab thin slices are read as, in mm; 0 when the manifest names none (every slice as it is). */
    public double slabThicknessMm() {
        return slabMm == null ? 0 : slabMm;
    }

    /**
     * A copy that reads thin slices as slabs of this thickness ({@code null}: every slice as it is); the slice
     * network's input changes, so its head and calibration must be fitted again.
     */
    public ModelManifest withSlabMm(Double slab) {
        Copy copy = new Copy(this);
        copy.slabMm = slab;
        if (slab == null) {
            copy.slabMode = null;
        }
        return copy.build();
    }

    /** How a slab's slices become one: {@link SlabMode#MEAN} unless the manifest names another. */
    public SlabMode slabModeOrMean() {
        return slabMode == null ? SlabMode.MEAN : slabMode;
    }

    /** A copy whose slabs merge their slices this way; it must name a slab. */
    public ModelManifest withSlabMode(SlabMode mode) {
        Copy copy = new Copy(this);
        copy.slabMode = mode;
        return copy.build();
    }

    /** Whether each slice's input carries its two neighbours' windows too ({@link #sliceContext}). */
    public boolean hasSliceContext() {
        return sliceContext != null;
    }

    /** Channels per slice of the slice network's input: one per window, three times over with slice context. */
    public int inputChannels() {
        return windows.size() * (hasSliceContext() ? 3 : 1);
    }

    /**
     * A copy whose slice network reads each slice with its two neighbours ({@code true}) or alone; the network must
     * have been trained on that input.
     */
    public ModelManifest withSliceContext(boolean context) {
        Copy copy = new Copy(this);
        copy.sliceContext = context;
        return copy.build();
    }

    /** The parts a copy may change; the rest is the model's identity, input and labels. Built through the checks. */
    private static final class Copy {
        private final ModelManifest from;
        private Map<String, Double> thresholds;
        private Map<String, String> files;
        private String trainingData;
        private Map<String, Double> metrics;
        private Calibration calibration;
        private SequenceHead sequenceHead;
        private Map<String, BoxScale> boxScales;
        private TestTimeAugmentation testTimeAugmentation;
        private Double flipShare;
        private Double boxStudyExponent;
        private BoxMerge boxMerge;
        private Double minBoxScore;
        private Map<String, BoxGrid> boxGrids;
        private Double slabMm;
        private SlabMode slabMode;
        private Boolean sliceContext;

        Copy(ModelManifest from) {
            this.from = from;
            thresholds = from.thresholds;
            files = from.files;
            trainingData = from.trainingData;
            metrics = from.metrics;
            calibration = from.calibration;
            sequenceHead = from.sequenceHead;
            boxScales = from.boxScales;
            testTimeAugmentation = from.testTimeAugmentation;
            flipShare = from.flipShare;
            boxStudyExponent = from.boxStudyExponent;
            boxMerge = from.boxMerge;
            minBoxScore = from.minBoxScore;
            boxGrids = from.boxGrids;
            slabMm = from.slabMm;
            slabMode = from.slabMode;
            sliceContext = from.sliceContext;
        }

        ModelManifest build() {
            return new ModelManifest(
                    from.id,
                    from.version,
                    from.architecture,
                    from.labels,
                    from.inputSize,
                    from.windows,
                    thresholds,
                    files,
                    trainingData,
                    metrics,
                    calibration,
                    sequenceHead,
                    boxScales,
                    testTimeAugmentation,
                    flipShare,
                    boxStudyExponent,
                    boxMerge,
                    minBoxScore,
                    boxGrids,
                    slabMm,
                    slabMode,
                    sliceContext);
        }
    }

    /** Reads and validates a manifest; any defect is an {@link IllegalArgumentException} naming it. */
    static ModelManifest read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Parses and validates manifest JSON. */
    static ModelManifest parse(String json) {
        try {
            ModelManifest manifest = JSON.readValue(json, ModelManifest.class);
            if (manifest == null) {
                throw new IllegalArgumentException("manifest is empty");
            }
            return manifest;
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException("invalid manifest: " + firstLine(cause.getMessage()), e);
        }
    }

    /** The manifest as indented JSON. */
    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest cannot be written as JSON", e);
        }
    }

    private static Map<String, Double> checkThresholds(Map<String, Double> thresholds) {
        Objects.requireNonNull(thresholds, "manifest thresholds are missing");
        for (String code : HemorrhageLabel.codes()) {
            Double t = thresholds.get(code);
            if (t == null || !(t > 0 && t < 1)) {
                throw new IllegalArgumentException("threshold for '" + code + "' is " + t + "; expected (0, 1)");
            }
        }
        if (thresholds.size() != HemorrhageLabel.COUNT) {
            throw new IllegalArgumentException("thresholds name unknown labels: " + thresholds.keySet());
        }
        return new TreeMap<>(thresholds);
    }

    private static Map<String, BoxScale> checkBoxScales(Map<String, BoxScale> scales) {
        if (scales == null) {
            return Map.of();
        }
        scales.forEach((code, scale) -> {
            requireSubtypeCode(code, "boxScales");
            Objects.requireNonNull(scale, () -> "boxScales of '" + code + "' is null");
        });
        return new TreeMap<>(scales);
    }

    private static Map<String, BoxGrid> checkBoxGrids(Map<String, BoxGrid> grids) {
        if (grids == null) {
            return Map.of();
        }
        Map<String, BoxGrid> kept = new TreeMap<>();
        grids.forEach((code, grid) -> {
            requireSubtypeCode(code, "boxGrids");
            Objects.requireNonNull(grid, () -> "boxGrids of '" + code + "' is null");
            if (grid != BoxGrid.BOTH) {
                kept.put(code, grid);
            }
        });
        return kept;
    }

    private static void requireSubtypeCode(String code, String field) {
        if (code == null
                || code.equals(HemorrhageLabel.ANY.code())
                || !HemorrhageLabel.codes().contains(code)) {
            throw new IllegalArgumentException(field + " name '" + code + "', which is not a subtype of the contract "
                    + HemorrhageLabel.codes().subList(1, HemorrhageLabel.COUNT));
        }
    }

    private static Map<String, String> checkFiles(Map<String, String> files) {
        files.forEach((path, digest) -> {
            if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException("manifest file path '" + path + "' is not a relative path");
            }
            if (digest == null || !SHA256.matcher(digest).matches()) {
                throw new IllegalArgumentException("sha256 of '" + path + "' is '" + digest + "', not 64 hex digits");
            }
        });
        return new TreeMap<>(files);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("manifest " + what + " is missing or blank");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
