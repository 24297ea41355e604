package org.ichcds.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ichcds.TestFiles;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a phantom data set with and without its helper files (images.csv, studies.csv). */
class DatasetIndexTest {

    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void write() {
        data = dir.resolve("phantoms");
        new PhantomDatasetWriter(new PhantomSettings(5, 256, 0.75), 2).write(data, 4, slices -> {});
    }

    @Test
    void readsStudiesSlicesLabelsBoxesAndSplitsOfAPhantomDataSet() throws IOException {
        DatasetIndex index = DatasetIndex.read(data);

        List<String> studyRows = Files.readAllLines(data.resolve("studies.csv"));
        assertThat(index.studies()).hasSize(4);
        assertThat(index.splitSource()).isEqualTo("studies.csv");
        assertThat(index.sliceCount())
                .isEqualTo(Files.readAllLines(data.resolve("images.csv")).size() - 1);
        for (String row : studyRows.subList(1, studyRows.size())) {
            String[] f = row.split(",");
            DatasetStudy study = index.studies().stream()
                    .filter(s -> s.uid().equals(f[0]))
                    .findFirst()
                    .orElseThrow();
            assertThat(study.split().code()).isEqualTo(f[3]);
            // the columns after the labels are the study's attributes
            assertThat(study.attributes()).containsEntry("style", f[12]).containsEntry("matrix", f[13]);
            assertThat(study.attributes())
                    .containsKeys("kernel", "motion", "mimics")
                    .doesNotContainKey("split");
            assertThat(study.slices()).hasSize(Integer.parseInt(f[4]));
            assertThat(study.folder()).isEqualTo(data.resolve("dicom").resolve(f[0]));
            for (HemorrhageLabel label : HemorrhageLabel.values()) {
                assertThat(study.has(label)).as(label.code()).isEqualTo(f[5 + label.ordinal()].equals("1"));
            }
        }
        long boxRows = Files.readAllLines(data.resolve("boxes.csv")).size() - 1L;
        assertThat(boxRows).isPositive();
        assertThat(index.studies().stream()
                        .flatMap(s -> s.slices().stream())
                        .mapToLong(s -> s.boxes().size())
                        .sum())
                .isEqualTo(boxRows);
        assertThat(index.studies().stream().flatMap(s -> s.slices().stream())).allSatisfy(s -> {
            assertThat(s.file().getFileName().toString()).isEqualTo(s.imageId() + ".dcm");
            for (LabelledBox box : s.boxes()) {
                assertThat(s.has(box.label())).isTrue();
                assertThat(s.positive()).isTrue();
            }
        });
    }

    /**
     * The RSNA 2019 files carry the data set's own identifiers as UIDs ({@code ID_…} for Study, Series and SOP
     * Instance UID) and come without images.csv or studies.csv: the headers give the studies, labels and boxes join on
     * those identifiers as they are.
     */
    @Test
    void readsADataSetWhoseUidsAreRsnaIdentifiers() throws IOException {
        Path rsna = dir.resolve("rsna");
        new PhantomDatasetWriter(new PhantomSettings(6, 256, 1.0, PhantomSettings.Identifiers.RSNA), 2)
                .write(rsna, 2, slices -> {});
        long boxRows = Files.readAllLines(rsna.resolve("boxes.csv")).size() - 1L;
        Files.delete(rsna.resolve("images.csv"));
        Files.delete(rsna.resolve("studies.csv"));

        DatasetIndex index = DatasetIndex.read(rsna);

        assertThat(index.studies())
                .hasSize(2)
                .allSatisfy(study -> assertThat(study.uid()).matches("ID_[0-9a-f]{10}"));
        assertThat(index.studies().stream().flatMap(s -> s.slices().stream())).allSatisfy(slice -> {
            assertThat(slice.sopInstanceUid()).isEqualTo(slice.imageId()).matches("ID_[0-9a-f]{10}");
            assertThat(slice.file().getFileName().toString()).isEqualTo(slice.imageId() + ".dcm");
        });
        assertThat(boxRows).isPositive();
        assertThat(index.studies().stream()
                        .flatMap(s -> s.slices().stream())
                        .mapToLong(s -> s.boxes().size())
                        .sum())
                .isEqualTo(boxRows);
        assertThat(index.studies().stream().filter(s -> s.has(HemorrhageLabel.ANY)))
                .isNotEmpty();
    }

    @Test
    void withoutImagesAndStudiesCsvTheHeadersGiveTheSameStudiesAndAHashSplits() throws IOException {
        Path bare = dir.resolve("bare");
        TestFiles.copyTree(data, bare);
        Files.delete(bare.resolve("images.csv"));
        Files.delete(bare.resolve("studies.csv"));

        DatasetIndex full = DatasetIndex.read(data);
        DatasetIndex fromHeaders = DatasetIndex.read(bare);

        assertThat(fromHeaders.splitSource()).isEqualTo("hash");
        assertThat(uidsAndSops(fromHeaders)).isEqualTo(uidsAndSops(full));
        assertThat(fromHeaders.studies(Split.TRAIN)).hasSize(3);
        assertThat(fromHeaders.studies(Split.VALIDATION)).hasSize(1);
        assertThat(DatasetIndex.read(bare).studies().equals(fromHeaders.studies()))
                .isTrue();
    }

    @Test
    void labelledImagesWithoutAFileAreSkippedAndCounted() throws IOException {
        Path partial = dir.resolve("partial");
        TestFiles.copyTree(data, partial);
        DatasetSlice gone = DatasetIndex.read(partial).studies().get(0).slices().get(0);
        Files.delete(partial.resolve(data.relativize(gone.file())));

        DatasetIndex index = DatasetIndex.read(partial);

        assertThat(index.skippedImages()).isEqualTo(1);
        assertThat(index.sliceCount()).isEqualTo(DatasetIndex.read(data).sliceCount() - 1);
        assertThat(index.summary()).contains("1 images skipped");
    }

    @Test
    void aFolderWithoutLabelsIsRefusedInOneLine(@TempDir Path empty) {
        assertThatThrownBy(() -> DatasetIndex.read(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no labels.csv");
        assertThatThrownBy(() -> DatasetIndex.read(empty.resolve("nowhere"))).hasMessageContaining("does not exist");
    }

    @Test
    void limitKeepsAStableSampleOfStudies() throws IOException {
        DatasetIndex index = DatasetIndex.read(data);
        assertThat(index.limit(2).studies()).hasSize(2).isEqualTo(index.limit(2).studies());
        assertThat(index.limit(0)).isSameAs(index);
    }

    private static Map<String, List<String>> uidsAndSops(DatasetIndex index) {
        return index.studies().stream()
                .collect(Collectors.toMap(
                        DatasetStudy::uid,
                        s -> s.slices().stream()
                                .map(DatasetSlice::sopInstanceUid)
                                .toList()));
    }
}
