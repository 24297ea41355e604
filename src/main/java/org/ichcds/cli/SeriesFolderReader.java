package org.ichcds.cli;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.ModalityTransform;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.ichcds.dicom.CtVolume;

/**
 * Reads one folder of CT slices into a {@link CtVolume} for the preview (a stand-in until the shared DICOM reader
 * is wired in): HU = stored value x RescaleSlope + RescaleIntercept, clamped to [-1024, 3071], slices sorted by
 * position along the slice normal.
 */
final class SeriesFolderReader {

    CtVolume read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new OneLineErrors.UsageException("not a folder: " + folder);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        List<Loaded> slices = new ArrayList<>();
        for (Path file : files) {
            slices.add(load(file));
        }
        if (slices.isEmpty()) {
            throw new OneLineErrors.UsageException("no DICOM files in " + folder);
        }
        slices.sort(Comparator.comparingDouble(Loaded::along));
        Loaded first = slices.get(0);
        double spacing = slices.size() > 1 ? Math.abs(slices.get(1).along() - first.along()) : first.thickness();
        return new CtVolume(
                first.study(),
                first.series(),
                first.rows(),
                first.columns(),
                first.spacing()[0],
                first.spacing()[1],
                first.thickness(),
                spacing,
                first.orientation(),
                slices.stream().map(Loaded::slice).toList());
    }

    private Loaded load(Path file) throws IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
            int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
            int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
            Attribute pixels = list.getPixelData();
            if (pixels == null || rows <= 0 || columns <= 0 || pixels.getVL() != (long) rows * columns * 2) {
                throw new OneLineErrors.UsageException("no usable 16-bit pixel data in " + file);
            }
            short[] raw = pixels.getShortValues();
            ModalityTransform rescale = new ModalityTransform(list);
            double slope = rescale.getRescaleSlope(0);
            double intercept = rescale.getRescaleIntercept(0);
            boolean unsigned = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 0;
            short[] hu = new short[raw.length];
            for (int i = 0; i < raw.length; i++) {
                double v = (unsigned ? raw[i] & 0xffff : raw[i]) * slope + intercept;
                hu[i] = (short) Math.max(CtVolume.MIN_HU, Math.min(CtVolume.MAX_HU, Math.round(v)));
            }
            double[] position = list.get(TagFromName.ImagePositionPatient).getDoubleValues();
            double[] orientation = list.get(TagFromName.ImageOrientationPatient).getDoubleValues();
            double[] normal = {
                orientation[1] * orientation[5] - orientation[2] * orientation[4],
                orientation[2] * orientation[3] - orientation[0] * orientation[5],
                orientation[0] * orientation[4] - orientation[1] * orientation[3]
            };
            double along = position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2];
            String sop = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID);
            int instance = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.InstanceNumber, 0);
            return new Loaded(
                    Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID),
                    Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesInstanceUID),
                    rows,
                    columns,
                    list.get(TagFromName.PixelSpacing).getDoubleValues(),
                    Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, 1),
                    orientation,
                    along,
                    new CtVolume.CtSlice(sop, instance, position, hu));
        } catch (DicomException | NullPointerException | ArrayIndexOutOfBoundsException e) {
            throw new OneLineErrors.UsageException("not a readable CT image: " + file);
        }
    }

    private record Loaded(
            String study,
            String series,
            int rows,
            int columns,
            double[] spacing,
            double thickness,
            double[] orientation,
            double along,
            CtVolume.CtSlice slice) {}
}
