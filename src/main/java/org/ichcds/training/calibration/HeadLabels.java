package org.ichcds.training.calibration;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.training.evaluation.DeLong;
import org.ichcds.training.evaluation.Evaluation;
import org.ichcds.training.evaluation.Metrics;

/**
 * Which labels a model's sequence head serves ({@code sequenceHead.labels}), as a recalibration sets them: {@code
 * keep} the manifest's, {@code all}, an explicit list of label codes, or {@code auto}: per label the head, unless the
 * slice network's maximum over slices ranks the calibration studies better with a paired DeLong test's two-sided p
 * below {@link #ALPHA} (a difference within the noise of the studies keeps the head, which was trained to improve on
 * the slice network). The calibration and thresholds are then fitted on the chosen outputs.
 */
public final class HeadLabels {

    /** How the labels are chosen. */
    public enum Mode {
        KEEP,
        ALL,
        AUTO,
        LISTED
    }

    /** The p-value below which {@code auto} takes the slice network's maximum for a label it ranks better. */
    public static final double ALPHA = 0.05;

    /** The option's codes besides a list of labels. */
    public static final String CODES = "keep, auto, all, or a comma-separated list of labels";

    private final Mode mode;
    private final Set<HemorrhageLabel> listed;

    private HeadLabels(Mode mode, Set<HemorrhageLabel> listed) {
        this.mode = mode;
        this.listed = listed;
    }

    /** Keeps what the manifest says. */
    public static HeadLabels keep() {
        return new HeadLabels(Mode.KEEP, Set.of());
    }

    /**
     * Parses {@code keep}, {@code auto}, {@code all}, or label codes separated by commas (an empty list: none).
     *
     * @throws IllegalArgumentException naming an unknown code
     */
    public static HeadLabels parse(String code) {
        String value = code == null ? "" : code.trim();
        switch (value) {
            case "keep":
                return keep();
            case "auto":
                return new HeadLabels(Mode.AUTO, Set.of());
            case "all":
                return new HeadLabels(Mode.ALL, Set.of());
            case "none":
                return new HeadLabels(Mode.LISTED, Set.of());
            default:
                Set<HemorrhageLabel> labels = EnumSet.noneOf(HemorrhageLabel.class);
                for (String part : value.split(",")) {
                    String name = part.trim();
                    if (!HemorrhageLabel.codes().contains(name)) {
                        throw new IllegalArgumentException("head labels '" + code + "': '" + name
                                + "' is not a label; give " + CODES + " (labels: "
                                + String.join(", ", HemorrhageLabel.codes()) + ")");
                    }
                    labels.add(HemorrhageLabel.fromCode(name));
                }
                return new HeadLabels(Mode.LISTED, Set.copyOf(labels));
        }
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The labels the head is to serve.
     *
     * @param current the manifest's head
     * @param sources both study outputs of the calibration studies
     * @param truths their study-level truths, in the same order
     */
    public Choice choose(ModelManifest.SequenceHead current, Evaluation.StudySources sources, List<boolean[]> truths) {
        Map<HemorrhageLabel, OptionalDouble> headAuc = new EnumMap<>(HemorrhageLabel.class);
        Map<HemorrhageLabel, OptionalDouble> networkAuc = new EnumMap<>(HemorrhageLabel.class);
        Map<HemorrhageLabel, OptionalDouble> pValues = new EnumMap<>(HemorrhageLabel.class);
        Set<HemorrhageLabel> served = EnumSet.noneOf(HemorrhageLabel.class);
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            boolean[] truth = truthColumn(truths, label);
            double[] headScores = column(sources.head(), label);
            double[] networkScores = column(sources.sliceNetwork(), label);
            OptionalDouble head = Metrics.rocAuc(headScores, truth);
            OptionalDouble network = Metrics.rocAuc(networkScores, truth);
            OptionalDouble p = DeLong.compare(networkScores, headScores, truth)
                    .map(d -> OptionalDouble.of(d.pValue()))
                    .orElse(OptionalDouble.empty());
            headAuc.put(label, head);
            networkAuc.put(label, network);
            pValues.put(label, p);
            boolean slicesBetter = head.isPresent()
                    && network.isPresent()
                    && network.getAsDouble() > head.getAsDouble()
                    && p.isPresent()
                    && p.getAsDouble() < ALPHA;
            boolean byHead = switch (mode) {
                case KEEP -> current.serves(label);
                case ALL -> true;
                case LISTED -> listed.contains(label);
                case AUTO -> !slicesBetter;
            };
            if (byHead) {
                served.add(label);
            }
        }
        return new Choice(served, headAuc, networkAuc, pValues);
    }

    /**
     * What was chosen, with the study AUC of each source on the calibration studies.
     *
     * @param served the labels the head serves
     * @param pValues per label, the two-sided p of the paired DeLong test of the two AUCs (empty when undefined)
     */
    public record Choice(
            Set<HemorrhageLabel> served,
            Map<HemorrhageLabel, OptionalDouble> headAuc,
            Map<HemorrhageLabel, OptionalDouble> sliceNetworkAuc,
            Map<HemorrhageLabel, OptionalDouble> pValues) {

        public Choice {
            served = served.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(served));
            headAuc = Map.copyOf(headAuc);
            sliceNetworkAuc = Map.copyOf(sliceNetworkAuc);
            pValues = Map.copyOf(pValues);
        }

        /** Per study, the served study probabilities: the head's for the served labels, the slice network's else. */
        public List<float[]> served(Evaluation.StudySources sources) {
            List<float[]> out = new ArrayList<>(sources.head().size());
            for (int i = 0; i < sources.head().size(); i++) {
                float[] head = sources.head().get(i);
                float[] network = sources.sliceNetwork().get(i);
                float[] p = new float[HemorrhageLabel.COUNT];
                for (HemorrhageLabel label : HemorrhageLabel.values()) {
                    int k = label.ordinal();
                    p[k] = served.contains(label) ? head[k] : network[k];
                }
                out.add(p);
            }
            return out;
        }

        /** The {@code calibration.<label>.auc.head} and {@code .auc.slices} metrics (defined ones only). */
        public Map<String, Double> metrics() {
            Map<String, Double> out = new java.util.TreeMap<>();
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                String key = "calibration." + label.code() + ".auc.";
                headAuc.get(label).ifPresent(v -> out.put(key + "head", v));
                sliceNetworkAuc.get(label).ifPresent(v -> out.put(key + "slices", v));
                pValues.get(label).ifPresent(v -> out.put(key + "p", v));
            }
            return out;
        }

        /** One line per label: both AUCs and the source served. */
        public List<String> report() {
            List<String> lines = new ArrayList<>();
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                lines.add(String.format(
                        Locale.ROOT,
                        "%-17s study AUC head %s, slice network's maximum %s (p %s): served by the %s",
                        label.code(),
                        figure(headAuc.get(label)),
                        figure(sliceNetworkAuc.get(label)),
                        figure(pValues.get(label)),
                        served.contains(label) ? "head" : "slice network"));
            }
            return lines;
        }

        private static String figure(OptionalDouble value) {
            return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "n/a";
        }
    }

    private static double[] column(List<float[]> rows, HemorrhageLabel label) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[label.ordinal()];
        }
        return out;
    }

    private static boolean[] truthColumn(List<boolean[]> rows, HemorrhageLabel label) {
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[label.ordinal()];
        }
        return out;
    }
}
