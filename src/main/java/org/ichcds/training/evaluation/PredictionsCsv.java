package org.ichcds.training.evaluation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.dataset.CsvTable;

/**
 * {@code predictions.csv}: {@code StudyInstanceUID}, then per label its truth ({@code any}, ... as 0/1), its calibrated
 * probability ({@code any_probability}, ...) and its probability before calibration ({@code any_uncalibrated}, ...),
 * in label order. Probabilities are written in full (Java's shortest text that reads back to the same double): rounded,
 * the near-certain ones of a sharp model would tie and change the AUC computed from the file. Fields holding a comma or
 * a quote are quoted (RFC 4180).
 */
public final class PredictionsCsv {

    public static final String FILE_NAME = "predictions.csv";

    private PredictionsCsv() {}

    static List<String> header() {
        List<String> header = new ArrayList<>();
        header.add("StudyInstanceUID");
        for (String suffix : new String[] {"", "_probability", "_uncalibrated"}) {
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                header.add(label.code() + suffix);
            }
        }
        return header;
    }

    static void write(Predictions predictions, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header()));
            w.write('\n');
            for (Predictions.Study s : predictions.studies()) {
                StringBuilder row = new StringBuilder(quoted(s.id()));
                for (boolean t : s.truths()) {
                    row.append(',').append(t ? '1' : '0');
                }
                for (double p : s.probabilities()) {
                    row.append(',').append(p);
                }
                for (double p : s.uncalibrated()) {
                    row.append(',').append(p);
                }
                w.write(row.append('\n').toString());
            }
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the file and line when it is not one
     */
    public static Predictions read(Path file) throws IOException {
        List<Predictions.Study> studies = new ArrayList<>();
        CsvTable.read(file, header(), row -> studies.add(study(row)));
        try {
            return new Predictions(studies);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Predictions.Study study(CsvTable.Row row) {
        int n = HemorrhageLabel.COUNT;
        boolean[] truths = new boolean[n];
        double[] probabilities = new double[n];
        double[] uncalibrated = new double[n];
        for (HemorrhageLabel label : HemorrhageLabel.values()) {
            String t = row.get(label.code());
            if (!t.equals("0") && !t.equals("1")) {
                throw row.error("truth of " + label.code() + " must be 0 or 1, was '" + t + "'");
            }
            truths[label.ordinal()] = t.equals("1");
            probabilities[label.ordinal()] = probability(row, label.code() + "_probability");
            uncalibrated[label.ordinal()] = probability(row, label.code() + "_uncalibrated");
        }
        String id = row.get("StudyInstanceUID");
        if (id.isEmpty()) {
            throw row.error("the study id is empty");
        }
        return new Predictions.Study(id, truths, probabilities, uncalibrated);
    }

    private static double probability(CsvTable.Row row, String column) {
        String text = row.get(column);
        double p;
        try {
            p = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw row.error(column + " '" + text + "' is not a number");
        }
        if (!(p >= 0 && p <= 1)) {
            throw row.error(column + " " + text + " is not in [0, 1]");
        }
        return p;
    }

    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
