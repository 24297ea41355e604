package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;

/**
 * Compressed copies of generated phantom series, made by independent encoders (DCMTK and GDCM, Debian's {@code dcmtk}
 * and {@code libgdcm-tools}), one folder per encoding beside the uncompressed original.
 */
public final class CompressedCopies {

    /** An encoding, the command that makes it from an Explicit VR Little Endian file, and its transfer syntax. */
    public enum Encoding {
        RLE("1.2.840.10008.1.2.5", "dcmcrle"),
        // DCMTK's default lossless process: Process 14, selection value 1
        JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "dcmcjpeg", "+e1"),
        JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "dcmcjpeg", "+el"),
        // one frame in fragments of at most 16 KB, with an empty Basic Offset Table (DICOM PS3.5 A.4)
        JPEG_LOSSLESS_FRAGMENTS("1.2.840.10008.1.2.4.70", "dcmcjpeg", "+e1", "+fs", "16", "-ot"),
        // gdcmconv --j2k without --lossy/--irreversible: the reversible 5/3 wavelet
        JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "gdcmconv", "--j2k"),
        JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "dcmcjpls", "+el"),
        DEFLATED("1.2.840.10008.1.2.1.99", "dcmconv", "+td");

        final String transferSyntax;
        final List<String> command;

        Encoding(String transferSyntax, String... command) {
            this.transferSyntax = transferSyntax;
            this.command = List.of(command);
        }

        List<String> commandFor(Path in, Path out) {
            List<String> full = new ArrayList<>(command);
            full.add(in.toString());
            full.add(out.toString());
            return full;
        }
    }

    /** How the phantom's pixels are stored (DICOM PS3.3 C.7.6.3.1). */
    enum Storage {
        SIGNED_16(1, -1024),
        SIGNED_16_ZERO_INTERCEPT(1, 0),
        UNSIGNED_12(0, -1024);

        final int pixelRepresentation;
        final int intercept;

        Storage(int pixelRepresentation, int intercept) {
            this.pixelRepresentation = pixelRepresentation;
            this.intercept = intercept;
        }
    }

    private static final Path TOOLS = Path.of("/usr/bin");

    private CompressedCopies() {}

    /** Skips the test where DCMTK or GDCM is missing (./ichcds test installs both). */
    public static void assumeEncoders() {
        for (Encoding e : Encoding.values()) {
            assumeTrue(
                    Files.isExecutable(TOOLS.resolve(e.command.get(0))),
                    e.command.get(0) + " missing: install the Debian packages dcmtk and libgdcm-tools");
        }
    }

    /**
     * Generates phantom studies (seed 7, 512x512: one of each storage) and copies up to {@code slices} consecutive
     * slices of the longest series of each storage into {@code dir/<storage>/original}; the signed 16-bit one has all
     * {@code slices}.
     */
    static Map<Storage, Path> originals(Path dir, int slices) throws Exception {
        Path generated = dir.resolve("generated");
        new PhantomDatasetWriter(new PhantomSettings(7, 512, 0.5), 2).write(generated, 4, n -> {});
        Map<Storage, List<Path>> longest = new EnumMap<>(Storage.class);
        try (Stream<Path> studies = Files.list(generated.resolve("dicom"))) {
            for (Path study : studies.sorted().toList()) {
                List<Path> files = byInstanceNumber(study);
                Storage storage = storageOf(new DicomReader().read(files.get(0)));
                if (storage != null
                        && files.size()
                                > longest.getOrDefault(storage, List.of()).size()) {
                    longest.put(storage, files);
                }
            }
        }
        assertThat(longest).as("seed 7 gives every storage").hasSize(3);
        assertThat(longest.get(Storage.SIGNED_16)).hasSizeGreaterThanOrEqualTo(slices);
        Map<Storage, Path> originals = new EnumMap<>(Storage.class);
        for (Map.Entry<Storage, List<Path>> series : longest.entrySet()) {
            Path original = dir.resolve(series.getKey().name()).resolve("original");
            Files.createDirectories(original);
            List<Path> files = series.getValue();
            for (Path file : files.subList(0, Math.min(slices, files.size()))) {
                Files.copy(file, original.resolve(file.getFileName()));
            }
            originals.put(series.getKey(), original);
        }
        return originals;
    }

    /** Encodes every file of {@code original} into the sibling folder named after the encoding, once. */
    public static Path encode(Path original, Encoding encoding) throws Exception {
        Path out = original.resolveSibling(encoding.name());
        if (Files.isDirectory(out)) {
            return out; // encoded by an earlier test of the class
        }
        Files.createDirectories(out);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Path in : list(original)) {
                runs.add(pool.submit(() -> run(encoding.commandFor(in, out.resolve(in.getFileName())))));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (Path file : list(out)) {
            assertThat(declaredTransferSyntax(file))
                    .as("%s of %s", encoding, file)
                    .isEqualTo(encoding.transferSyntax);
        }
        return out;
    }

    public static String declaredTransferSyntax(Path file) throws IOException {
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            return TransferSyntaxes.declaredIn(in);
        }
    }

    public static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<Path> byInstanceNumber(Path study) throws Exception {
        List<Path> files = list(study);
        Map<Path, Integer> numbers = new java.util.HashMap<>();
        for (Path file : files) {
            numbers.put(file, new DicomReader().read(file).slice().instanceNumber());
        }
        return files.stream().sorted(Comparator.comparing(numbers::get)).toList();
    }

    private static Storage storageOf(DicomInstance instance) {
        int representation = instance.slice().signed() ? 1 : 0;
        for (Storage storage : Storage.values()) {
            if (storage.pixelRepresentation == representation
                    && storage.intercept == instance.slice().rescaleIntercept()) {
                return storage;
            }
        }
        return null;
    }

    private static Void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
