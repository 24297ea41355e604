package org.ichcds.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.preprocessing.PixelBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RSNA and BHX CSV parsers on good and hostile input: every refusal names file, line and problem. */
class DatasetCsvTest {

    @TempDir
    Path dir;

    private static final String RSNA_IMAGE = rsnaRows("ID_abc123", 0, 0, 0, 0, 0, 0);

    @Test
    void readsRsnaLabelsWithCrlfBomAndBlankLines() throws IOException {
        Path file = write(
                "labels.csv",
                "\uFEFFID,Label\r\n" + RSNA_IMAGE.replace("\n", "\r\n") + "\n" + rsnaRows("ID_def456", 1, 0, 0, 0, 0, 1)
                        + "ID_def456_chronic,1\n");
        Map<String, LabelsCsv.ImageLabels> labels = LabelsCsv.read(file);
        assertThat(labels).containsOnlyKeys("ID_abc123", "ID_def456");
        assertThat(labels.get("ID_def456").values).containsExactly(true, false, false, false, false, true, true);
        assertThat(labels.get("ID_abc123").given[HemorrhageLabel.CHRONIC.ordinal()])
                .isFalse();
    }

    @Test
    void hostileLabelRowsAreRefusedWithFileAndLine() throws IOException {
        assertRefused("labels.csv", "ID,Label\nID_a_any,2\n", "labels.csv line 2: label value '2' is not 0 or 1");
        assertRefused("labels.csv", "ID,Label\nID_a_bleed,1\n", "line 2: unknown hemorrhage label 'bleed'");
        assertRefused("labels.csv", "ID,Label\nfoo,1\n", "line 2: ID 'foo' is not ID_<image>_<label>");
        assertRefused("labels.csv", "ID,Label\nID_a_any,1,extra\n", "line 2: has 3 fields, the header has 2");
        assertRefused("labels.csv", "Image,Value\n", "line 1: header 'Image,Value' lacks column ID");
        assertRefused("labels.csv", "", "line 1: the file is empty");
        assertRefused("labels.csv", "ID,Label\n\"ID_a_any,1\n", "line 2: has an unterminated quoted field");
        assertRefused("labels.csv", "ID,Label\nID_a_any,0\nID_a_any,1\n", "line 3: ID_a_any is given again");
        // a file cut short: the last image lacks labels
        assertRefused("labels.csv", "ID,Label\nID_a_any,0\nID_a_epidural,0\n", "image ID_a has no row for");
        assertRefused(
                "labels.csv",
                "ID,Label\n" + rsnaRows("ID_a", 0, 0, 0, 0, 0, 1),
                "image ID_a has subdural = 1 but any = 0");
        assertRefused("labels.csv", "ID,Label\n" + "x".repeat(CsvTable.MAX_LINE + 1), "line 2: is longer than");
        assertRefused("labels.csv", "ID,Label\nID_a\0_any,1\n", "line 2: holds a NUL character");
    }

    @Test
    void readsBhxBoxesWhateverTheKeyOrderAndSkipsNonBoxRows() throws IOException {
        Path file = write(
                "boxes.csv",
                String.join(
                        "\n",
                        String.join(",", BhxBoxesCsv.COLUMNS),
                        "ID_1,ID_s,ID_t,\"{'x': 10.5, 'y': 20, 'width': 30, 'height': 40.25}\",Subdural,Box",
                        "ID_1,ID_s,ID_t,\"{'height': 4, 'width': 3, 'y': 2, 'x': 1}\",chronic,Box",
                        "ID_2,ID_s,ID_t,\"{'x': 1, 'y': 2}\",Epidural,Line"));
        Map<String, List<LabelledBox>> boxes = BhxBoxesCsv.read(file);
        assertThat(boxes).containsOnlyKeys("ID_1");
        assertThat(boxes.get("ID_1"))
                .containsExactly(
                        LabelledBox.truth("ID_1", HemorrhageLabel.SUBDURAL, new PixelBox(10.5, 20, 30, 40.25)),
                        LabelledBox.truth("ID_1", HemorrhageLabel.CHRONIC, new PixelBox(1, 2, 3, 4)));
    }

    @Test
    void hostileBoxRowsAreRefusedWithFileAndLine() throws IOException {
        String head = String.join(",", BhxBoxesCsv.COLUMNS) + "\n";
        assertRefused(
                "boxes.csv",
                head + "1,2,3,\"{'x': 1, 'y': 2, 'width': 0, 'height': 4}\",Subdural,Box\n",
                "line 2: box of 0.0 x 4.0 pixels is empty");
        assertRefused(
                "boxes.csv",
                head + "1,2,3,\"{'x': NaN, 'y': 2, 'width': 3, 'height': 4}\",Subdural,Box\n",
                "line 2: 'x' is NaN, outside");
        assertRefused(
                "boxes.csv",
                head + "1,2,3,\"{'x': 1e300, 'y': 2, 'width': 3, 'height': 4}\",Subdural,Box\n",
                "outside ±65536 pixels");
        assertRefused(
                "boxes.csv",
                head + "1,2,3,\"{'x': one, 'y': 2, 'width': 3, 'height': 4}\",Subdural,Box\n",
                "line 2: 'x' is 'one', not a number");
        assertRefused("boxes.csv", head + "1,2,3,\"{'x': 1, 'y': 2, 'width': 3}\",Subdural,Box\n", "has no 'height'");
        assertRefused("boxes.csv", head + "1,2,3,[1 2 3 4],Subdural,Box\n", "line 2: data '[1 2 3 4]' is not");
        assertRefused(
                "boxes.csv",
                head + "1,2,3,\"{'x': 1, 'y': 2, 'width': 3, 'height': 4}\",Tumour,Box\n",
                "line 2: labelName 'Tumour' is not a BHX subtype");
        assertRefused(
                "boxes.csv",
                head + ",2,3,\"{'x': 1, 'y': 2, 'width': 3, 'height': 4}\",Subdural,Box\n",
                "line 2: SOPInstanceUID is empty");
        assertRefused("boxes.csv", "SOPInstanceUID,data\n", "lacks column SeriesInstanceUID");
    }

    @Test
    void studiesCsvKeepsTheColumnsBeyondIdsSplitAndLabelsAsTheStudysAttributes() throws IOException {
        var listings = StudiesCsv.read(write(
                "studies.csv",
                "StudyInstanceUID,PatientID,split,any,style,motion,mimics\n"
                        + "1.2,P1,train,1,randomised,1,pineal;streaks\n1.3,P2,val,0,heldout,,none\n"));

        assertThat(listings.get("1.2").attributes())
                .isEqualTo(Map.of("style", "randomised", "motion", "1", "mimics", "pineal;streaks"));
        // an empty field is no attribute
        assertThat(listings.get("1.3").attributes()).isEqualTo(Map.of("style", "heldout", "mimics", "none"));
    }

    @Test
    void studiesAndImagesCsvRefuseUnknownSplitsAndDuplicates() throws IOException {
        assertThat(StudiesCsv.read(write("studies.csv", "StudyInstanceUID,split\n1.2,train\n1.3,val\n1.4,test\n")))
                .containsEntry("1.2", new StudiesCsv.Listing(Split.TRAIN, Map.of()))
                .containsEntry("1.3", new StudiesCsv.Listing(Split.VALIDATION, Map.of()))
                .containsEntry("1.4", new StudiesCsv.Listing(Split.TEST, Map.of()));
        assertRefused("studies.csv", "StudyInstanceUID,split\n1.2,holdout\n", "line 2: split 'holdout' is not one");
        assertRefused("studies.csv", "StudyInstanceUID,split\n1.2,train\n1.2,val\n", "line 3: study 1.2 is listed");
        assertRefused(
                "images.csv",
                "ID,SOPInstanceUID,StudyInstanceUID\nID_a,1,2\nID_a,1,2\n",
                "line 3: image ID_a is listed twice");
        assertRefused("images.csv", "ID,SOPInstanceUID,StudyInstanceUID\nID_a,,2\n", "line 2: ID, SOPInstanceUID");
    }

    private void assertRefused(String name, String content, String message) throws IOException {
        Path file = write(name, content);
        assertThatThrownBy(() -> {
                    switch (name) {
                        case "labels.csv" -> LabelsCsv.read(file);
                        case "boxes.csv" -> BhxBoxesCsv.read(file);
                        case "studies.csv" -> StudiesCsv.read(file);
                        default -> ImagesCsv.read(file);
                    }
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    static String rsnaRows(String image, int... values) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            rows.append(image)
                    .append('_')
                    .append(HemorrhageLabel.values()[i].code())
                    .append(',')
                    .append(values[i]);
            rows.append('\n');
        }
        return rows.toString();
    }
}
