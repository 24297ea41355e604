package org.ichcds.training.phantoms;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ModalityTransform;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ichcds.dicom.CtVolume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhantomDatasetWriterTest {

    private static final PhantomSettings SETTINGS = new PhantomSettings(11, 256, 0.5);

    @TempDir
    static Path dir;

    @BeforeAll
    static void write() {
        new PhantomDatasetWriter(SETTINGS, 2).write(dir.resolve("a"), 3, slices -> {});
        new PhantomDatasetWriter(SETTINGS, 1).write(dir.resolve("b"), 3, slices -> {});
    }

    @Test
    void sameArgumentsGiveTheSameBytesWhateverTheThreads() throws IOException {
        List<Path> a = files(dir.resolve("a"));
        List<Path> b = files(dir.resolve("b"));
        assertThat(a).hasSameSizeAs(b).hasSizeGreaterThan(70);
        for (int i = 0; i < a.size(); i++) {
            assertThat(dir.resolve("a").relativize(a.get(i)))
                    .isEqualTo(dir.resolve("b").relativize(b.get(i)));
            assertThat(Files.readAllBytes(a.get(i))).isEqualTo(Files.readAllBytes(b.get(i)));
        }
    }

    @Test
    void aSetThatWouldFillTheDiskStopsBeforeItsFirstStudyWithWhatToDo(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        long free = Files.getFileStore(tmp).getUsableSpace();
        Path out = tmp.resolve("big");
        // keeping more free than the disk has: nothing may be generated
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new PhantomDatasetWriter(SETTINGS, 2, free + (1L << 40)).write(out, 3, slices -> {}))
                .isInstanceOf(PhantomDatasetWriter.DiskSpaceException.class)
                .hasMessageContaining("stopped before study")
                .hasMessageContaining(" MB free, less than the ")
                .hasMessageContaining("fewer studies");
        assertThat(out.resolve("dicom")).doesNotExist();
        // keeping nothing free: the same set is written
        new PhantomDatasetWriter(SETTINGS, 2, 0).write(out.resolveSibling("small"), 3, slices -> {});
        assertThat(Files.readAllLines(out.resolveSibling("small/studies.csv"))).hasSize(4);
    }

    @Test
    void csvFilesAreInTheRsnaAndBhxFormats() throws IOException {
        List<String> labels = Files.readAllLines(dir.resolve("a/labels.csv"));
        assertThat(labels.get(0)).isEqualTo("ID,Label");
        assertThat(labels.subList(1, 8)).allSatisfy(row -> assertThat(row).matches("ID_[0-9a-f]{10}_[a-z]+,[01]"));
        assertThat(labels.get(1)).contains("_any,");
        assertThat(labels.get(7)).contains("_chronic,");
        List<String> boxes = Files.readAllLines(dir.resolve("a/boxes.csv"));
        assertThat(boxes.get(0))
                .isEqualTo("SOPInstanceUID,SeriesInstanceUID,StudyInstanceUID,data,labelName,labelType");
        assertThat(boxes.subList(1, boxes.size()))
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row)
                        .matches("2\\.25\\.\\d+,2\\.25\\.\\d+,2\\.25\\.\\d+,\"\\{'x': \\d+, 'y': \\d+, 'width': \\d+,"
                                + " 'height': \\d+}\",(Epidural|Intraparenchymal|Intraventricular|Subarachnoid"
                                + "|Subdural|Chronic),Box"));
        List<String> studies = Files.readAllLines(dir.resolve("a/studies.csv"));
        assertThat(studies).hasSize(4);
        assertThat(studies.get(0))
                .isEqualTo("StudyInstanceUID,SeriesInstanceUID,PatientID,split,slices,any,epidural,intraparenchymal,"
                        + "intraventricular,subarachnoid,subdural,chronic,style,matrix,pixel_spacing_mm,"
                        + "slice_thickness_mm,slice_spacing_mm,kernel,tilt_deg,storage,padding_hu,motion,lesion_volume_ml,"
                        + "mimics");
        assertThat(studies.subList(1, 4))
                .allSatisfy(row -> assertThat(row)
                        .matches(".*,classic,256,0\\.\\d+,[2-5](\\.\\d+)?,[2-5](\\.\\d+)?,"
                                + "[A-Za-z0-9]+,0,(signed-16|signed-16-zero-intercept|unsigned-12),(none|-2048|-3024),0,\\d+\\.\\d\\d,"
                                + "(none|[a-z-]+(;[a-z-]+)*)"));
    }

    @Test
    void dicomFilesReadBackToTheGeneratedVolume() throws Exception {
        PhantomGenerator generator = new PhantomGenerator(SETTINGS);
        for (StudyPlan plan : generator.plan(3)) {
            PhantomStudy study = generator.generate(plan);
            CtVolume volume = study.volume();
            Path studyDir = dir.resolve("a/dicom").resolve(volume.studyUid());
            for (int s = 0; s < volume.sliceCount(); s += 7) {
                AttributeList list = new AttributeList();
                list.read(studyDir.resolve(study.slices().get(s).imageId() + ".dcm")
                        .toFile());
                assertThat(text(list, TagFromName.SOPInstanceUID))
                        .isEqualTo(study.slices().get(s).sopInstanceUid());
                assertThat(text(list, TagFromName.Modality)).isEqualTo("CT");
                assertThat(text(list, TagFromName.BodyPartExamined)).isEqualTo("HEAD");
                assertThat(list.get(TagFromName.ImageType).getStringValues())
                        .containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
                assertThat(list.get(TagFromName.ContrastBolusAgent)).isNull();
                assertThat(text(list, TagFromName.Manufacturer)).contains("phantom");
                ModalityTransform rescale = new ModalityTransform(list);
                short[] raw = list.getPixelData().getShortValues();
                boolean unsigned = list.get(TagFromName.PixelRepresentation).getSingleIntegerValueOrDefault(0) == 0;
                short[] expected = volume.slices().get(s).hu();
                for (int i = 0; i < raw.length; i += 97) {
                    int stored = unsigned ? raw[i] & 0xffff : raw[i];
                    double hu = stored * rescale.getRescaleSlope(0) + rescale.getRescaleIntercept(0);
                    double clamped = Math.max(CtVolume.MIN_HU, Math.min(CtVolume.MAX_HU, hu));
                    assertThat(clamped).isEqualTo(expected[i]);
                }
            }
        }
    }

    private static String text(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
