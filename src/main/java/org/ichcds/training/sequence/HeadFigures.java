package org.ichcds.training.sequence;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.evaluation.Metrics;

/**
 * Validation figures of the slice network alone and with the sequence head, for the manifest and the command's
 * output: per label the study AUC of the maximum over slices ({@code .before}) and of the head's study output
 * ({@code .after}), and the slice AUC of {@code any} from the slice network and from the head's refined slices.
 */
final class HeadFigures {

    private HeadFigures() {}

    static Map<String, Double> of(List<SeriesEmbeddings.Study> validation, SequenceHeadTrainer trainer) {
        int n = validation.size();
        int slices = validation.stream().mapToInt(s -> s.sample().slices()).sum();
        int labels = HemorrhageLabel.COUNT;
        double[][] studyBefore = new double[labels][n];
        double[][] studyAfter = new double[labels][n];
        boolean[][] studyTruth = new boolean[labels][n];
        double[] sliceBefore = new double[slices];
        double[] sliceAfter = new double[slices];
        boolean[] sliceTruth = new boolean[slices];
        int at = 0;
        for (int k = 0; k < n; k++) {
            SeriesSample sample = validation.get(k).sample();
            float[] network = validation.get(k).sliceProbabilities();
            SequenceHeadTrainer.HeadOutput head = trainer.predict(sample.embeddings(), sample.slices());
            for (int l = 0; l < labels; l++) {
                double max = 0;
                for (int i = 0; i < sample.slices(); i++) {
                    max = Math.max(max, network[i * labels + l]);
                }
                studyBefore[l][k] = max;
                studyAfter[l][k] = head.study()[l];
                studyTruth[l][k] = sample.studyLabels()[l] > 0;
            }
            for (int i = 0; i < sample.slices(); i++, at++) {
                sliceBefore[at] = network[i * labels];
                sliceAfter[at] = head.slices()[i * labels];
                sliceTruth[at] = sample.sliceLabels()[i * labels] > 0;
            }
        }
        Map<String, Double> figures = new TreeMap<>();
        String prefix = SequenceHeadRun.METRIC_PREFIX + "validation.";
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            int l = label.ordinal();
            String key = prefix + "auc." + label.code() + ".study.";
            Metrics.rocAuc(studyBefore[l], studyTruth[l]).ifPresent(v -> figures.put(key + "before", v));
            Metrics.rocAuc(studyAfter[l], studyTruth[l]).ifPresent(v -> figures.put(key + "after", v));
        }
        Metrics.rocAuc(sliceBefore, sliceTruth).ifPresent(v -> figures.put(prefix + "auc.any.slice.before", v));
        Metrics.rocAuc(sliceAfter, sliceTruth).ifPresent(v -> figures.put(prefix + "auc.any.slice.after", v));
        figures.put(prefix + "studies", (double) n);
        return figures;
    }
}
