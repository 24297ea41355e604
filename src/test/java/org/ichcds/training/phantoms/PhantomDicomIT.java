package org.ichcds.training.phantoms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs dicom3tools' dciodvfy (the DICOM standard editor's IOD validator) on every file of generated studies. */
class PhantomDicomIT {

    private static final Path DCIODVFY = Path.of("/usr/bin/dciodvfy");

    @TempDir
    Path dir;

    @Test
    void everyFilePassesDciodvfyWithoutErrors() throws Exception {
        assumeTrue(Files.isExecutable(DCIODVFY), "dicom3tools is not installed");
        // 4 studies cover several storage formats (signed, unsigned 12-bit, padding) and both a 256 and 512 matrix
        new PhantomDatasetWriter(new PhantomSettings(5, 256, 0.5), 2).write(dir.resolve("s256"), 3, n -> {});
        new PhantomDatasetWriter(new PhantomSettings(6, 512, 1.0), 2).write(dir.resolve("s512"), 1, n -> {});
        // the randomised and held-out styles add tilt, PixelPaddingValue, wrapped 12-bit storage and thin slices
        for (PhantomStyle style : List.of(PhantomStyle.RANDOMISED, PhantomStyle.HELDOUT)) {
            PhantomSettings settings = new PhantomSettings(1, 256, 0.5, PhantomSettings.Identifiers.DICOM, style);
            new PhantomDatasetWriter(settings, 2).write(dir.resolve(style.code()), 3, n -> {});
        }
        String randomised = Files.readString(dir.resolve("randomised/studies.csv"));
        assertThat(randomised).contains(",wrapped-12,").containsPattern(",-?[1-9][0-9.]*,signed-16,-(2048|3024),");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(90);
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            for (String line : dciodvfy(file)) {
                if (line.startsWith("Error") || line.startsWith("Warning")) {
                    errors.add(file.getFileName() + ": " + line);
                }
            }
        }
        assertThat(errors).isEmpty();
    }

    private static List<String> dciodvfy(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(DCIODVFY.toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
