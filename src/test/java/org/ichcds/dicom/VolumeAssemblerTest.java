package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ichcds.dicom.CtVolume.CtSlice;
import org.junit.jupiter.api.Test;

class VolumeAssemblerTest {

    private final DicomReader reader = new DicomReader();
    private final VolumeAssembler assembler = new VolumeAssembler();

    @Test
    void sortsShuffledSlicesAlongTheNormal() throws Exception {
        TestSeries series = TestSeries.ct();
        series.slices = 12;
        CtVolume volume = assembler.assemble(shuffled(series, 7));
        assertThat(volume.slices()).extracting(CtSlice::sopInstanceUid).containsExactlyElementsOf(series.sopUids());
        VolumeChecks.assertVoxelsMatch(series, volume);
    }

    @Test
    void sortsTiltedSlicesAlongTheirOwnNormal() throws Exception {
        TestSeries series = TestSeries.ct();
        series.slices = 9;
        double tilt = Math.toRadians(20); // gantry tilt: column direction tilted in the y-z plane
        series.orientation = new double[] {1, 0, 0, 0, Math.cos(tilt), -Math.sin(tilt)};
        CtVolume volume = assembler.assemble(shuffled(series, 3));
        assertThat(volume.slices()).extracting(CtSlice::sopInstanceUid).containsExactlyElementsOf(series.sopUids());
        assertThat(volume.sliceSpacingMm()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(volume.orientation()).containsExactly(series.orientation, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void sortsFeetToHeadEvenWhenWrittenHeadToFeet() throws Exception {
        TestSeries series = TestSeries.ct();
        series.sliceSpacing = -2.5;
        CtVolume volume = assembler.assemble(read(series));
        double first = volume.slices().get(0).positionMm()[2];
        double last = volume.slices().get(volume.sliceCount() - 1).positionMm()[2];
        assertThat(first).isLessThan(last);
        assertThat(volume.sliceSpacingMm()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void keepsSpacingThicknessAndMatrix() throws Exception {
        TestSeries series = TestSeries.ct();
        series.rows = 8;
        series.columns = 12;
        series.pixelSpacing = 0.45;
        series.thickness = 3;
        series.sliceSpacing = 2.5;
        CtVolume volume = assembler.assemble(read(series));
        assertThat(volume.rows()).isEqualTo(8);
        assertThat(volume.columns()).isEqualTo(12);
        assertThat(volume.rowSpacingMm()).isEqualTo(0.45);
        assertThat(volume.columnSpacingMm()).isEqualTo(0.45);
        assertThat(volume.sliceThicknessMm()).isEqualTo(3.0);
        assertThat(volume.sliceSpacingMm()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-4));
        VolumeChecks.assertVoxelsMatch(series, volume);
    }

    @Test
    void rejectsTwoSlicesAtOnePosition() throws Exception {
        TestSeries series = TestSeries.ct();
        List<DicomInstance> instances = read(series);
        instances.add(instances.get(2));
        assertThatThrownBy(() -> assembler.assemble(instances)).hasMessageContaining("share one position");
    }

    @Test
    void rejectsSlicesOfAnotherMatrix() throws Exception {
        TestSeries series = TestSeries.ct();
        TestSeries other = TestSeries.ct();
        other.rows = 8;
        other.origin = new double[] {-4, -4, 100};
        List<DicomInstance> instances = read(series);
        instances.add(read(other).get(0));
        assertThatThrownBy(() -> assembler.assemble(instances)).hasMessageContaining("8x16");
    }

    private List<DicomInstance> read(TestSeries series) throws DicomFormatException {
        List<DicomInstance> instances = new ArrayList<>();
        for (byte[] bytes : series.toBytes()) {
            instances.add(reader.read(bytes, "test"));
        }
        return instances;
    }

    private List<DicomInstance> shuffled(TestSeries series, long seed) throws DicomFormatException {
        List<DicomInstance> instances = read(series);
        Collections.shuffle(instances, new Random(seed));
        return instances;
    }
}
