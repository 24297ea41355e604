package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ichcds.dicom.CompressedCopies.Encoding;
import org.ichcds.dicom.CompressedCopies.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Phantom series compressed by DCMTK and GDCM load from files voxel for voxel equal to the original, in every storage
 * (signed 16-bit with intercept -1024 or 0, unsigned 12-bit), with the same rescale; what cannot be read is refused
 * with the transfer syntax named. With {@code -Dichcds.timings=true}, also prints the time to load each 40-slice encoding
 * (a measurement, not a check: left out of the default run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressedFilesIT {

    static final List<Encoding> READ_FROM_FILES = List.of(
            Encoding.DEFLATED,
            Encoding.RLE,
            Encoding.JPEG_LOSSLESS_SV1,
            Encoding.JPEG_LOSSLESS,
            Encoding.JPEG_LOSSLESS_FRAGMENTS,
            Encoding.JPEG_2000_LOSSLESS);

    private static final int BENCH_SLICES = 40;
    private static final int CHECK_SLICES = 6;
    private static final boolean TIMINGS = Boolean.getBoolean("ichcds.timings");

    @TempDir
    static Path dir;

    private Map<Storage, Path> originals;

    @BeforeAll
    void makeOriginals() throws Exception {
        CompressedCopies.assumeEncoders();
        originals = CompressedCopies.originals(dir, TIMINGS ? BENCH_SLICES : CHECK_SLICES);
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void everyLosslessEncodingLoadsEqualToTheOriginal(Storage storage) throws Exception {
        Path original = subset(originals.get(storage), storage, CHECK_SLICES);
        for (Encoding encoding : READ_FROM_FILES) {
            Path encoded = CompressedCopies.encode(original, encoding);
            assertSameInstances(original, encoded, storage + " " + encoding);
            assertSameVolume(original, encoded);
        }
    }

    @Test
    void jpegLsIsRefusedNamingTheTransferSyntaxAndWhatToConfigure() throws Exception {
        Path original = subset(originals.get(Storage.SIGNED_16), Storage.SIGNED_16, 2);
        Path encoded = CompressedCopies.encode(original, Encoding.JPEG_LS_LOSSLESS);
        assertThatThrownBy(() -> new StudyLoader().fromPath(encoded))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageContaining("1.2.840.10008.1.2.4.80 (JPEG-LS")
                .hasMessageContaining("have the PACS send Explicit VR Little Endian")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aCompressedMultiFrameImageIsRefusedClearly() throws Exception {
        TestSeries series = TestSeries.ct();
        AttributeList list = series.slice(0);
        Attribute frames = AttributeFactory.newAttribute(TagFromName.NumberOfFrames);
        frames.addValue("2");
        list.put(frames);
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(new short[2 * series.rows * series.columns]);
        list.put(pixels);
        Path original = dir.resolve("multi-frame").resolve("original");
        Files.createDirectories(original);
        Files.write(original.resolve("mf.dcm"), SyntheticCtSeries.bytes(list));
        Path encoded = CompressedCopies.encode(original, Encoding.RLE);
        assertThatThrownBy(() -> new DicomReader().read(encoded.resolve("mf.dcm")))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("multi-frame image (2 frames); only single-frame images are read")
                .hasMessageNotContaining("\n");
    }

    @Test
    @EnabledIfSystemProperty(named = "ichcds.timings", matches = "true")
    void printsTheLoadTimeOfEachFortySliceEncoding() throws Exception {
        Path original = originals.get(Storage.SIGNED_16);
        new StudyLoader().fromPath(original);
        report("original", original);
        for (Encoding encoding : READ_FROM_FILES) {
            Path encoded = CompressedCopies.encode(original, encoding);
            assertSameVolume(original, encoded);
            report(encoding.name(), encoded);
        }
    }

    /** One load, timed: the folder was loaded once before (the codecs are loaded and compiled). */
    private static void report(String what, Path folder) throws Exception {
        long start = System.nanoTime();
        LoadedStudy study = new StudyLoader().fromPath(folder);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(study.volume().sliceCount()).isEqualTo(BENCH_SLICES);
        System.out.printf("files, %d slices 512x512, %-24s %6d ms%n", BENCH_SLICES, what, millis);
    }

    /** Every instance: the same stored values, bits, sign and rescale as the original of the same SOP Instance UID. */
    static void assertSameInstances(Path original, Path encoded, String what) throws Exception {
        DicomReader reader = new DicomReader();
        List<Path> files = CompressedCopies.list(original);
        for (Path file : files) {
            DicomInstance expected = reader.read(file);
            DicomInstance actual = reader.read(encoded.resolve(file.getFileName()));
            assertSameInstance(expected, actual, what + " " + file.getFileName());
        }
    }

    static void assertSameInstance(DicomInstance expected, DicomInstance actual, String what) {
        assertThat(actual.slice().sopInstanceUid()).isEqualTo(expected.slice().sopInstanceUid());
        assertThat(actual.storedValues()).as(what).isEqualTo(expected.storedValues());
        assertThat(actual.slice().signed()).as(what).isEqualTo(expected.slice().signed());
        assertThat(actual.slice().bitsStored())
                .as(what)
                .isEqualTo(expected.slice().bitsStored());
        assertThat(actual.slice().rescaleSlope())
                .as(what)
                .isEqualTo(expected.slice().rescaleSlope());
        assertThat(actual.slice().rescaleIntercept())
                .as(what)
                .isEqualTo(expected.slice().rescaleIntercept());
    }

    /** The HU volumes, slice by slice along the normal. */
    static void assertSameVolume(Path original, Path encoded) throws Exception {
        assertSameVolume(
                new StudyLoader().fromPath(original).volume(),
                new StudyLoader().fromPath(encoded).volume());
    }

    static void assertSameVolume(CtVolume expected, CtVolume actual) {
        assertThat(actual.sliceCount()).isEqualTo(expected.sliceCount());
        for (int s = 0; s < expected.sliceCount(); s++) {
            assertThat(actual.slices().get(s).sopInstanceUid())
                    .isEqualTo(expected.slices().get(s).sopInstanceUid());
            assertThat(actual.slices().get(s).hu())
                    .as("slice %d", s)
                    .isEqualTo(expected.slices().get(s).hu());
        }
    }

    private Path subset(Path original, Storage storage, int slices) throws Exception {
        Path subset =
                dir.resolve("subsets").resolve(storage.name() + "-" + slices).resolve("original");
        if (!Files.isDirectory(subset)) {
            Files.createDirectories(subset);
            List<Path> files = CompressedCopies.list(original);
            for (Path file : files.subList(0, slices)) {
                Files.copy(file, subset.resolve(file.getFileName()));
            }
        }
        return subset;
    }
}
