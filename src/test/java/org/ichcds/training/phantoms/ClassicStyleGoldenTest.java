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

    @TempDir
    Path dir;

    @Test
    void classicOutputIsByteForByteWhatItWas() throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(5, 256, 0.75), 2).write(dir, 4, slices -> {});
        assertThat(digest(dir)).isEqualTo(DIGEST);
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
