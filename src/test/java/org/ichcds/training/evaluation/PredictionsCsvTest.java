package org.ichcds.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ichcds.inference.HemorrhageLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsCsvTest {

    @TempDir
    Path dir;

    static Predictions.Study study(String id, boolean any, double p) {
        boolean[] t = new boolean[7];
        t[0] = any;
        double[] probabilities = new double[7];
        probabilities[0] = p;
        double[] uncalibrated = new double[7];
        uncalibrated[0] = Math.min(1, p * 1.5);
        return new Predictions.Study(id, t, probabilities, uncalibrated);
    }

    @Test
    void studiesReadBackAsWrittenEvenWithCommasAndQuotesInTheirIds() throws Exception {
        Predictions written = new Predictions(List.of(
                study("1.2.3", true, 0.93),
                study("ID_1b5ac170c", false, 0.0012),
                study("odd, \"quoted\" id", true, 1)));
        Path file = dir.resolve("predictions.csv");
        PredictionsCsv.write(written, file);

        Predictions read = PredictionsCsv.read(file);
        assertThat(read.studies())
                .extracting(Predictions.Study::id)
                .containsExactly("1.2.3", "ID_1b5ac170c", "odd, \"quoted\" id");
        assertThat(read.probabilities(HemorrhageLabel.ANY)).containsExactly(0.93, 0.0012, 1.0);
        assertThat(read.truths(HemorrhageLabel.ANY)).containsExactly(true, false, true);
        assertThat(read.studies().get(0).uncalibrated()[0]).isEqualTo(1.0);
    }

    @Test
    void nearCertainProbabilitiesReadBackExactlySoTheyDoNotTie() throws Exception {
        double[] sharp = {0.99999997, 0.99999999, 1e-9, 2e-9, 0.1 + 0.2};
        List<Predictions.Study> studies = new java.util.ArrayList<>();
        for (int i = 0; i < sharp.length; i++) {
            studies.add(study("s" + i, i % 2 == 0, sharp[i]));
        }
        Path file = dir.resolve("predictions.csv");
        PredictionsCsv.write(new Predictions(studies), file);

        assertThat(PredictionsCsv.read(file).probabilities(HemorrhageLabel.ANY)).containsExactly(sharp);
    }

    @Test
    void aFileThatIsNotOneIsRefusedWithItsLine() throws Exception {
        String header = String.join(",", PredictionsCsv.header());
        String zeros = ",0".repeat(20);
        assertRefused("StudyInstanceUID,any\n", "line 1: header 'StudyInstanceUID,any' lacks column epidural");
        assertRefused("", "the file is empty");
        assertRefused(header + "\ns1,1,0\n", "line 2: has 3 fields, the header has 22");
        assertRefused(header + "\ns1,2" + zeros + "\n", "line 2: truth of any must be 0 or 1, was '2'");
        assertRefused(
                header + "\ns1" + ",0".repeat(7) + ",1.5" + ",0".repeat(13) + "\n",
                "line 2: any_probability 1.5 is not in [0, 1]");
        assertRefused(header + "\ns1" + ",0".repeat(7) + ",NaN" + ",0".repeat(13) + "\n", "is not in [0, 1]");
        assertRefused(
                header + "\ns1" + ",0".repeat(7) + ",high" + ",0".repeat(13) + "\n",
                "any_probability 'high' is not a number");
        assertRefused(header + "\n\"s1" + zeros + ",0\n", "line 2: has an unterminated quoted field");
        assertRefused(header + "\ns1,0" + zeros + "\ns1,0" + zeros + "\n", "study s1 is listed twice");
        assertRefused(header + "\n" + "x".repeat(200_000) + "\n", "line 2: is longer than");
        assertRefused(header + "\n,0" + zeros + "\n", "line 2: the study id is empty");
    }

    private void assertRefused(String content, String message) throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, content);
        assertThatThrownBy(() -> PredictionsCsv.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("bad.csv");
    }
}
