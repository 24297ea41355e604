package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyLoaderTest {

    private final StudyLoader loader = new StudyLoader();

    @Test
    void loadsTheBestSeriesOfAFolderAndSkipsWhatIsNotAnImage(@TempDir Path dir) throws Exception {
        TestSeries plain = TestSeries.ct();
        TestSeries bone = TestSeries.ct();
        bone.studyUid = plain.studyUid;
        bone.seriesNumber = 4;
        bone.description = "HEAD BONE";
        bone.kernel = "BONE";
        bone.slices = 9;
        plain.writeTo(dir.resolve("a"));
        bone.writeTo(dir.resolve("b"));
        Files.writeString(dir.resolve("README.txt"), "exported by a PACS");

        LoadedStudy study = loader.fromPath(dir);

        assertThat(study.volume().seriesUid()).isEqualTo(plain.seriesUid);
        VolumeChecks.assertVoxelsMatch(plain, study.volume());
        assertThat(study.selectionReason()).contains("soft-tissue (kernel STANDARD)", "preferred over 1 other");
        VolumeSummary summary = study.summary();
        assertThat(summary.slices()).isEqualTo(5);
        assertThat(summary.toText()).contains("matrix:    16 x 16", "HU range:");
        assertThat(summary.toJson()).contains("\"slices\" : 5", "\"matrix\" : [ 16, 16 ]");
    }

    @Test
    void rejectsAFolderWithACutShortSlice(@TempDir Path dir) throws Exception {
        List<Path> files = TestSeries.ct().writeTo(dir);
        byte[] whole = Files.readAllBytes(files.get(2));
        Files.write(files.get(2), Arrays.copyOf(whole, whole.length - 300));
        assertThatThrownBy(() -> loader.fromPath(dir))
                .isInstanceOf(DicomFormatException.class)
                .hasMessage(files.get(2) + ": pixel data missing or cut short");
    }

    @Test
    void rejectsAFileDeclaringAHugePixelDataLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.dcm");
        Files.write(
                file,
                DicomReaderTest.withPixelDataLength(TestSeries.ct().toBytes().get(0), 0xFFFFFFF0L));
        assertThatThrownBy(() -> loader.fromPath(file))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("declares 4294967280 bytes");
    }

    @Test
    void saysWhenNothingUsableIsFound(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "nothing here");
        assertThatThrownBy(() -> loader.fromPath(dir)).hasMessageStartingWith("no usable DICOM image in " + dir);
        assertThatThrownBy(() -> loader.fromPath(dir.resolve("missing")))
                .hasMessage("no such file or folder: " + dir.resolve("missing"));
    }

    @Test
    void rejectsAStudyWithoutAxialHeadCt(@TempDir Path dir) throws Exception {
        TestSeries chest = TestSeries.ct();
        chest.bodyPart = "CHEST";
        chest.writeTo(dir);
        assertThatThrownBy(() -> loader.fromPath(dir))
                .hasMessage("no axial head CT series among 1 (series 2 'HEAD 5mm STD': body part CHEST)");
    }
}
