package org.ichcds.training.evaluation;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.dataset.LabelledBox;

/**
 * {@code detections.csv}: every predicted box the evaluation scored, one per line: {@code SOPInstanceUID}, {@code
 * subtype}, {@code score}, then {@code x}, {@code y}, {@code width}, {@code height} in the slice's own DICOM pixels, the
 * frame of the data set's {@code boxes.csv}, so that the two join on the SOP Instance UID.
 */
final class DetectionsCsv {

    static final String FILE_NAME = "detections.csv";

    private DetectionsCsv() {}

    static void write(EvaluationSamples samples, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("SOPInstanceUID,subtype,score,x,y,width,height\n");
            for (HemorrhageLabel subtype : HemorrhageLabel.subtypes()) {
                for (LabelledBox d : samples.detections(subtype)) {
                    w.write(String.format(
                            Locale.ROOT,
                            "%s,%s,%.5f,%.1f,%.1f,%.1f,%.1f%n",
                            PredictionsCsv.quoted(d.sopInstanceUid()),
                            subtype.code(),
                            d.score(),
                            d.box().x(),
                            d.box().y(),
                            d.box().width(),
                            d.box().height()));
                }
            }
        }
    }
}
