package org.ichcds.training.sequence;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.training.dataset.DatasetStudy;

/**
 * A file of the frozen slice network's embeddings of a data set's training and validation series, so a second {@code
 * train-head} on the same model and data (other epochs, width, rate or seed) skips loading and embedding, which take
 * most of a run's time. The file is keyed by the slice network (the digests of its files, input size and windows: not
 * the head, calibration or card) and the data set (its CSV files and the studies of each split); a key that differs
 * means the embeddings are made again and the file replaced. The DICOM files are not digested: a data set whose pixels
 * change under unchanged CSV files needs a new cache file.
 */
final class EmbeddingCache {

    private static final String MAGIC = "ichcds train-head embeddings 1";
    private static final List<String> DATA_FILES = List.of("labels.csv", "images.csv", "studies.csv", "boxes.csv");

    /** What the cache holds: the two splits' series, in load order. */
    record Contents(List<SeriesEmbeddings.Study> train, List<SeriesEmbeddings.Study> validation) {}

    private final Path file;
    private final String key;

    private EmbeddingCache(Path file, String key) {
        this.file = file;
        this.key = key;
    }

    /** The cache at {@code file} for this slice network and data set; nothing is read yet. */
    static EmbeddingCache of(
            Path file, ModelManifest manifest, Path data, List<DatasetStudy> train, List<DatasetStudy> validation)
            throws IOException {
        return new EmbeddingCache(file, key(manifest, data, train, validation));
    }

    /**
     * The cached series when the file was made for this slice network and data set, empty when there is no file or it
     * was made for another.
     *
     * @throws IllegalArgumentException when the file is not such a cache (so it is never overwritten)
     */
    Optional<Contents> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                magic = "";
            }
            if (!magic.equals(MAGIC)) {
                throw new IllegalArgumentException(file + " is not an embeddings file of train-head; give"
                        + " --embeddings another path (it is not overwritten)");
            }
            if (!in.readUTF().equals(key)) {
                return Optional.empty();
            }
            List<SeriesEmbeddings.Study> train = readStudies(in);
            List<SeriesEmbeddings.Study> validation = readStudies(in);
            return Optional.of(new Contents(train, validation));
        }
    }

    /** Writes the series, replacing the file in one move. */
    void write(Contents contents) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try {
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
                out.writeUTF(MAGIC);
                out.writeUTF(key);
                writeStudies(out, contents.train());
                writeStudies(out, contents.validation());
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void writeStudies(DataOutputStream out, List<SeriesEmbeddings.Study> studies) throws IOException {
        out.writeInt(studies.size());
        for (SeriesEmbeddings.Study study : studies) {
            SeriesSample sample = study.sample();
            out.writeUTF(sample.id());
            out.writeInt(sample.slices());
            out.writeInt(sample.embeddingWidth());
            writeFloats(out, sample.embeddings());
            writeFloats(out, sample.sliceLabels());
            writeFloats(out, sample.studyLabels());
            writeFloats(out, study.sliceProbabilities());
        }
    }

    private List<SeriesEmbeddings.Study> readStudies(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException(file + " is damaged: " + count + " studies");
        }
        List<SeriesEmbeddings.Study> studies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = in.readUTF();
            int slices = in.readInt();
            int width = in.readInt();
            if (slices < 1 || width < 1 || (long) slices * width > Integer.MAX_VALUE / 2) {
                throw new IOException(
                        file + " is damaged: study " + id + " has " + slices + " slices of width " + width);
            }
            float[] embeddings = readFloats(in, slices * width);
            float[] sliceLabels = readFloats(in, slices * HemorrhageLabel.COUNT);
            float[] studyLabels = readFloats(in, HemorrhageLabel.COUNT);
            float[] probabilities = readFloats(in, slices * HemorrhageLabel.COUNT);
            studies.add(new SeriesEmbeddings.Study(
                    new SeriesSample(id, slices, embeddings, sliceLabels, studyLabels), probabilities));
        }
        return studies;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static String key(
            ModelManifest manifest, Path data, List<DatasetStudy> train, List<DatasetStudy> validation)
            throws IOException {
        MessageDigest digest = sha256();
        Map<String, String> slice = new TreeMap<>(manifest.files());
        // the head, its calibration and the card do not change what the slice network computes
        slice.keySet().removeIf(p -> p.startsWith(SequenceHeadRun.DIRECTORY + "/") || p.endsWith(".md"));
        update(
                digest,
                "model " + slice + " " + manifest.inputSize() + " " + manifest.windows()
                        + (manifest.slabMm() == null
                                ? ""
                                : " slab " + manifest.slabMm() + " " + manifest.slabModeOrMean())
                        + (manifest.hasSliceContext() ? " slice context" : ""));
        for (String name : DATA_FILES) {
            Path csv = data.resolve(name);
            update(digest, "file " + name + " " + Files.exists(csv));
            if (Files.isRegularFile(csv)) {
                try (InputStream in = Files.newInputStream(csv)) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        }
        for (DatasetStudy study : train) {
            update(digest, "train " + study.uid());
        }
        for (DatasetStudy study : validation) {
            update(digest, "val " + study.uid());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
