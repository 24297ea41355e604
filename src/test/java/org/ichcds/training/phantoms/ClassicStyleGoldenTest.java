package org.ichcds.training.phantoms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic style is what ich-phantom-v1, the demo and the other tests were made with: its files must not change
 * when the generator learns other styles. The digest was taken from the generator before the styles existed.
 */
class ClassicStyleGoldenTest {

    private static final String DIGEST = "c7a6f2efc59843860d7c0dcf83eeb7ad1ae13e0d79e326dc69bfbe6330ebb4ad";
    private static final String RANDOMISED_DIGEST = "903948653d3321c3d75724a019406a1886d69c8b1a82e0d7c83443a9e39dd90d";
    private static final String HELDOUT_DIGEST = "47d0d116d3984f8bb0e6a04e8695d5a0e65ec90b474ef8a177368dd63256e608";

    @TempDir
    Path dir;

    @Test
    void classicOutputIsByteForByteWhatItWas() throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(5, 256, 0.75), 2).write(dir, 4, slices -> {});
        assertThat(digest(dir)).isEqualTo(DIGEST);
    }

    /**
     * The randomised and held-out styles made the training, calibration and test sets the model card names by their
     * seeds: a new style must not change a byte of theirs either. The digests were taken before the alternate style
     * existed, from {@code phantoms --studies 4 --seed 77 --matrix 256} of each style.
     */
    @Test
    void randomisedAndHeldOutOutputIsByteForByteWhatItWas() throws Exception {
        java.util.Map<PhantomStyle, String> digests = java.util.Map.of(
                PhantomStyle.RANDOMISED, RANDOMISED_DIGEST,
                PhantomStyle.HELDOUT, HELDOUT_DIGEST);
        for (var style : digests.entrySet()) {
            Path out = dir.resolve(style.getKey().code());
            PhantomSettings settings =
                    new PhantomSettings(77, 256, 0.5, PhantomSettings.Identifiers.DICOM, style.getKey());
            new PhantomDatasetWriter(settings, 2).write(out, 4, slices -> {});
            assertThat(digest(out)).as(style.getKey().code()).isEqualTo(style.getValue());
        }
    }

    /** SHA-256 over the DICOM files, labels.csv and boxes.csv (studies.csv gained columns; its rows are checked elsewhere). */
    static String digest(Path root) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".dcm") || p.endsWith("labels.csv") || p.endsWith("boxes.csv"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            sha.update(root.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
