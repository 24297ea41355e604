package org.ichcds.training.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;

/**
 * {@code predictions.csv}: {@code StudyInstanceUID}, then per label its truth ({@code any}, ... as 0/1), its calibrated
 * probability ({@code any_probability}, ...) and its probability before calibration ({@code any_uncalibrated}, ...),
 * in label order. Probabilities are written in full (Java's shortest text that reads back to the same double): rounded,
 * the near-certain ones of a sharp model would tie and change the AUC computed from the file. Fields holding a comma or
 * a quote are quoted (RFC 4180).
 */
public final class PredictionsCsv {

    public static final String FILE_NAME = "predictions.csv";

    /** Longest line read: a study id and 21 numbers fit many times over; a longer line is not this file. */
    static final int MAX_LINE = 10_000;

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
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null || !split(first, file, 1).equals(header())) {
                throw new IllegalArgumentException(
                        file + " is not a predictions file: its first line must be " + String.join(",", header()));
            }
            String line;
            for (int number = 2; (line = in.readLine()) != null; number++) {
                if (!line.isEmpty()) {
                    studies.add(study(split(line, file, number), file, number));
                }
            }
        }
        try {
            return new Predictions(studies);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Predictions.Study study(List<String> fields, Path file, int line) {
        int n = HemorrhageLabel.COUNT;
        if (fields.size() != 1 + 3 * n) {
            throw new IllegalArgumentException(
                    file + " line " + line + ": " + fields.size() + " fields, expected " + (1 + 3 * n));
        }
        boolean[] truths = new boolean[n];
        double[] probabilities = new double[n];
        double[] uncalibrated = new double[n];
        for (int i = 0; i < n; i++) {
            String t = fields.get(1 + i);
            if (!t.equals("0") && !t.equals("1")) {
                throw new IllegalArgumentException(file + " line " + line + ": truth of "
                        + HemorrhageLabel.values()[i].code() + " must be 0 or 1, was '" + t + "'");
            }
            truths[i] = t.equals("1");
            probabilities[i] = probability(fields.get(1 + n + i), file, line);
            uncalibrated[i] = probability(fields.get(1 + 2 * n + i), file, line);
        }
        if (fields.get(0).isEmpty()) {
            throw new IllegalArgumentException(file + " line " + line + ": the study id is empty");
        }
        return new Predictions.Study(fields.get(0), truths, probabilities, uncalibrated);
    }

    private static double probability(String text, Path file, int line) {
        double p;
        try {
            p = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": '" + text + "' is not a number", e);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(file + " line " + line + ": probability " + text + " is not in [0, 1]");
        }
        return p;
    }

    private static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** The fields of one line, RFC 4180 quoting undone. */
    static List<String> split(String line, Path file, int number) {
        if (line.length() > MAX_LINE) {
            throw new IllegalArgumentException(
                    file + " line " + number + " is longer than " + MAX_LINE + " characters");
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + " line " + number + ": a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
