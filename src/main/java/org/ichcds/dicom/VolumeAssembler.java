package org.ichcds.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.ichcds.dicom.CtVolume.CtSlice;
import org.ichcds.dicom.DicomInstance.SliceHeader;

/**
 * Builds a {@link CtVolume} from the instances of one series: slices sorted by their position along the slice normal
 * (never by file name or instance number), HU from slope and intercept, spacing, thickness and orientation kept.
 */
final class VolumeAssembler {

    // two slices closer than this along the normal are the same position (DICOM positions are in mm)
    private static final double SAME_POSITION_MM = 1e-3;
    // direction cosines of different slices may differ in the last digits of their decimal strings
    private static final double ORIENTATION_TOLERANCE = 1e-3;

    CtVolume assemble(List<DicomInstance> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("the series has no images");
        }
        DicomInstance first = instances.get(0);
        SliceHeader reference = first.slice();
        requireGeometry(reference);
        double[] normal = normal(reference.orientation());
        List<Placed> placed = new ArrayList<>(instances.size());
        for (DicomInstance instance : instances) {
            SliceHeader slice = instance.slice();
            requireGeometry(slice);
            requireSameGrid(reference, slice);
            placed.add(new Placed(instance, dot(normal, slice.position())));
        }
        placed.sort(Comparator.comparingDouble(Placed::distance));
        double[] gaps = gaps(placed);
        // slices convert independently: spread the work over the cores
        List<CtSlice> slices =
                placed.parallelStream().map(VolumeAssembler::toSlice).toList();
        double thickness = Double.isNaN(reference.sliceThickness()) ? median(gaps) : reference.sliceThickness();
        return new CtVolume(
                first.series().studyUid(),
                first.series().seriesUid(),
                reference.rows(),
                reference.columns(),
                reference.pixelSpacing()[0],
                reference.pixelSpacing()[1],
                thickness,
                gaps.length == 0 ? thickness : median(gaps),
                reference.orientation().clone(),
                slices);
    }

    private static CtSlice toSlice(Placed p) {
        SliceHeader h = p.instance().slice();
        short[] stored = p.instance().storedValues();
        // in place: the stored values are not read again, and a second copy of a 1,000-slice 512² series is 0.5 GB
        short[] hu = HounsfieldUnits.convert(
                stored, stored, h.bitsStored(), h.signed(), h.rescaleSlope(), h.rescaleIntercept());
        return new CtSlice(h.sopInstanceUid(), h.instanceNumber(), h.position().clone(), hu);
    }

    private static double[] gaps(List<Placed> placed) {
        double[] gaps = new double[Math.max(0, placed.size() - 1)];
        for (int i = 1; i < placed.size(); i++) {
            gaps[i - 1] = placed.get(i).distance() - placed.get(i - 1).distance();
            if (gaps[i - 1] < SAME_POSITION_MM) {
                throw new IllegalArgumentException("slices " + placed.get(i - 1).uid() + " and "
                        + placed.get(i).uid() + " share one position: more than one stack in the series");
            }
        }
        return gaps;
    }

    private static void requireGeometry(SliceHeader slice) {
        if (slice.orientation() == null || slice.position() == null || slice.pixelSpacing() == null) {
            throw new IllegalArgumentException("slice " + slice.sopInstanceUid()
                    + " lacks ImageOrientationPatient, ImagePositionPatient or PixelSpacing");
        }
    }

    private static void requireSameGrid(SliceHeader reference, SliceHeader slice) {
        if (slice.rows() != reference.rows() || slice.columns() != reference.columns()) {
            throw new IllegalArgumentException("slice " + slice.sopInstanceUid() + " is " + slice.rows() + "x"
                    + slice.columns() + ", the series is " + reference.rows() + "x" + reference.columns());
        }
        for (int i = 0; i < 6; i++) {
            if (Math.abs(slice.orientation()[i] - reference.orientation()[i]) > ORIENTATION_TOLERANCE) {
                throw new IllegalArgumentException("slice " + slice.sopInstanceUid()
                        + " has another orientation than the series: " + Arrays.toString(slice.orientation()));
            }
        }
    }

    /** The slice normal: row direction x column direction (DICOM PS3.3 C.7.6.2.1.1). */
    static double[] normal(double[] o) {
        return new double[] {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private record Placed(DicomInstance instance, double distance) {
        String uid() {
            return instance.slice().sopInstanceUid();
        }
    }
}
