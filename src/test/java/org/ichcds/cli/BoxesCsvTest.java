package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxesCsvTest {

    private static final String HEADER = "SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,data,labelName,labelType\n";

    @TempDir
    Path dir;

    @Test
    void readsBhxRows() throws Exception {
        Path file = Files.writeString(
                dir.resolve("b.csv"),
                HEADER
                        + "1.2.3,1.2,1,\"{'x': 10.5, 'y': 20, 'width': 30, 'height': 40}\",Subdural,Box\n"
                        + "1.2.3,1.2,1,\"{'x': 1, 'y': 2, 'width': 3, 'height': 4}\",Chronic,Box\n");
        var boxes = BoxesCsv.read(file);
        assertThat(boxes.get("1.2.3")).hasSize(2);
        assertThat(boxes.get("1.2.3").get(0).box().x()).isEqualTo(10.5);
        assertThat(boxes.get("1.2.3").get(1).label()).isEqualTo("Chronic");
    }

    @Test
    void rejectsAWrongHeaderAndNamesTheBadRow() throws Exception {
        Path noHeader = Files.writeString(dir.resolve("a.csv"), "ID,Label\nID_1_any,0\n");
        assertThatThrownBy(() -> BoxesCsv.read(noHeader)).hasMessageContaining("not a BHX boxes.csv");
        Path badRow = Files.writeString(dir.resolve("c.csv"), HEADER + "1.2.3,1.2,1,\"{'x': ten}\",Subdural,Box\n");
        assertThatThrownBy(() -> BoxesCsv.read(badRow)).hasMessageContaining("bad row 2");
        Path empty = Files.writeString(dir.resolve("e.csv"), "");
        assertThatThrownBy(() -> BoxesCsv.read(empty)).hasMessageContaining("not a BHX boxes.csv");
    }
}
