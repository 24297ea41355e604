package org.ichcds.training.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.Box;
import org.ichcds.preprocessing.ModelInput;
import org.ichcds.preprocessing.PixelBox;
import org.ichcds.preprocessing.PreprocessingSettings;
import org.ichcds.preprocessing.Preprocessor;
import org.ichcds.preprocessing.SigmoidWindow;
import org.ichcds.training.phantoms.PhantomDatasetWriter;
import org.ichcds.training.phantoms.PhantomSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SliceSourceTest {

    @Test
    void everyHuSurvivesTheProbeWindowExactly() {
        for (int hu = CtVolume.MIN_HU; hu <= CtVolume.MAX_HU; hu++) {
            float y = (float) HuCodec.PROBE.apply(hu);
            assertThat(HuCodec.hu(HuCodec.pack(y, y))).isEqualTo(hu);
            assertThat(HuCodec.inside(HuCodec.pack(y, y))).isTrue();
            assertThat(HuCodec.hu(HuCodec.pack(0f, y))).isEqualTo(hu);
            assertThat(HuCodec.inside(HuCodec.pack(0f, y))).isFalse();
        }
    }

    @Test
    void rendersExactlyWhatTheServingPreprocessorGivesAndMapsBoxes(@TempDir Path dir) throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(9, 256, 1.0), 2).write(dir, 1, slices -> {});
        DatasetStudy study = DatasetIndex.read(dir).studies().get(0);
        PreprocessingSettings settings = new PreprocessingSettings(
                128, false, PreprocessingSettings.defaults().channels());

        SliceSource source = SliceSource.load(List.of(study), settings, 1, slices -> {});

        CtVolume volume = new StudyLoader().fromPath(study.folder()).volume();
        ModelInput served = new Preprocessor(settings).preprocess(volume);
        assertThat(source.sliceCount())
                .isEqualTo(volume.sliceCount())
                .isEqualTo(study.slices().size());
        float[] images = source.images(source.studies().get(0));
        assertThat(images).hasSameSizeAs(served.data());
        assertThat(firstDifference(images, served.data())).isEqualTo(-1);
        assertThat(source.bytes())
                .isBetween(2L * 128 * 128 * volume.sliceCount(), 3L * 128 * 128 * volume.sliceCount());
        int withBoxes = 0;
        for (int s = 0; s < source.sliceCount(); s++) {
            assertThat(source.slice(s).sopInstanceUid())
                    .isEqualTo(volume.slices().get(s).sopInstanceUid());
            List<LabelledBox> original = source.slice(s).boxes();
            assertThat(source.boxes(s)).hasSameSizeAs(original);
            for (int b = 0; b < original.size(); b++) {
                PixelBox expected =
                        served.transforms().get(s).toModel(original.get(b).box());
                Box box = source.boxes(s).get(b);
                assertThat((double) box.x()).isCloseTo(expected.x(), within(1e-3));
                assertThat((double) box.width()).isCloseTo(expected.width(), within(1e-3));
                assertThat(box.label()).isEqualTo(original.get(b).label());
                withBoxes++;
            }
        }
        assertThat(withBoxes).isPositive();
    }

    @Test
    void withSliceContextEachSliceCarriesItsNeighboursInItsOwnStudyAsTheServerDoes(@TempDir Path dir) throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(19, 256, 1.0), 2).write(dir, 2, slices -> {});
        List<DatasetStudy> studies = DatasetIndex.read(dir).studies();
        PreprocessingSettings settings = new PreprocessingSettings(
                128, true, PreprocessingSettings.defaults().channels());

        SliceSource source = SliceSource.load(studies, settings, 1, slices -> {});

        assertThat(source.channels()).isEqualTo(9);
        for (SliceSource.StudyRange range : source.studies()) {
            CtVolume volume = new StudyLoader().fromPath(range.study().folder()).volume();
            ModelInput served = new Preprocessor(settings).preprocess(volume);
            assertThat(served.channels()).isEqualTo(9);
            float[] images = source.images(range);
            // the second study's first slice starts from itself, not from the first study's last slice
            assertThat(images).hasSameSizeAs(served.data());
            assertThat(firstDifference(images, served.data())).isEqualTo(-1);
        }
        // a batch renders the same input as the whole study
        SliceSource.StudyRange second = source.studies().get(1);
        int pixels = 128 * 128 * 9;
        float[] one = new float[pixels];
        source.render(second.first(), one, 0);
        float[] whole = source.images(second);
        assertThat(firstDifference(one, java.util.Arrays.copyOf(whole, pixels))).isEqualTo(-1);
        // its previous-slice channels are its own (an edge), its next-slice channels are the next slice's own
        for (int p = 0; p < 128 * 128; p += 97) {
            for (int c = 0; c < 3; c++) {
                assertThat(one[p * 9 + c]).isEqualTo(one[p * 9 + 3 + c]);
                assertThat(one[p * 9 + 6 + c]).isEqualTo(whole[pixels + p * 9 + 3 + c]);
            }
        }
    }

    @Test
    void withSliceContextTheNeighboursAreTheSeriesOwnEvenWhereTheyAreNotLabelled(@TempDir Path dir) throws Exception {
        new PhantomDatasetWriter(new PhantomSettings(23, 256, 1.0), 2).write(dir, 1, slices -> {});
        DatasetStudy full = DatasetIndex.read(dir).studies().get(0);
        // every other slice labelled: each labelled slice's neighbours are unlabelled ones
        List<DatasetSlice> half = java.util.stream.IntStream.range(
                        0, full.slices().size())
                .filter(i -> i % 2 == 0)
                .mapToObj(full.slices()::get)
                .toList();
        DatasetStudy study = new DatasetStudy(full.uid(), full.split(), full.folder(), half, full.attributes());
        PreprocessingSettings settings = new PreprocessingSettings(
                128, true, PreprocessingSettings.defaults().channels());

        SliceSource source = SliceSource.load(List.of(study), settings, 1, slices -> {});

        CtVolume volume = new StudyLoader().fromPath(full.folder()).volume();
        assertThat(volume.sliceCount()).isGreaterThan(source.sliceCount());
        // the memory estimate counts the unlabelled neighbours it keeps, each once
        java.util.Set<String> labelled = new java.util.HashSet<>();
        half.forEach(s -> labelled.add(s.sopInstanceUid()));
        java.util.Set<Integer> unlabelledNeighbours = new java.util.HashSet<>();
        for (int k = 0; k < volume.sliceCount(); k++) {
            if (labelled.contains(volume.slices().get(k).sopInstanceUid())) {
                for (int n : new int[] {Math.max(0, k - 1), Math.min(volume.sliceCount() - 1, k + 1)}) {
                    if (!labelled.contains(volume.slices().get(n).sopInstanceUid())) {
                        unlabelledNeighbours.add(n);
                    }
                }
            }
        }
        assertThat(unlabelledNeighbours).isNotEmpty();
        SliceSource plain = SliceSource.load(
                List.of(study), new PreprocessingSettings(128, false, settings.channels()), 1, slices -> {});
        long perArray = 16L + 2L * 128 * 128;
        assertThat(source.bytes() - plain.bytes()).isEqualTo(perArray * unlabelledNeighbours.size());
        ModelInput served = new Preprocessor(settings).preprocess(volume);
        int values = 128 * 128 * 9;
        for (int i = 0; i < source.sliceCount(); i++) {
            String sop = source.slice(i).sopInstanceUid();
            int s = java.util.stream.IntStream.range(0, volume.sliceCount())
                    .filter(k -> volume.slices().get(k).sopInstanceUid().equals(sop))
                    .findFirst()
                    .orElseThrow();
            float[] rendered = new float[values];
            source.render(i, rendered, 0);
            float[] expected = java.util.Arrays.copyOfRange(served.data(), s * values, (s + 1) * values);
            assertThat(firstDifference(rendered, expected)).as("slice %d", s).isEqualTo(-1);
        }
    }

    /** Index of the first differing value, -1 when equal (AssertJ's own diff is quadratic on 100k values). */
    private static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.compare(a[i], b[i]) != 0) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void windowsOfAPackedSliceFollowTheSigmoidAndStripOutsideTheMask() {
        SliceWindows windows = new SliceWindows(PreprocessingSettings.defaults().channels());
        short[] packed = {HuCodec.of(40, true), HuCodec.of(40, false), HuCodec.of(600, false)};
        float[] out = new float[9];
        windows.render(packed, out, 0);
        assertThat(out[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(out[3]).isZero(); // brain channel outside the mask
        assertThat(out[4]).isZero();
        assertThat((double) out[5]).isCloseTo(SigmoidWindow.BONE.apply(40), within(1e-6));
        assertThat(out[8]).isCloseTo(0.5f, within(1e-6f));
    }
}
