package org.ichcds.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ichcds.dicom.DicomInstance.SeriesHeader;
import org.ichcds.dicom.DicomInstance.SliceHeader;

/**
 * Reads one DICOM instance with PixelMed, guarding against what PixelMed lets through: it does not throw on truncated
 * input (it returns the attributes read so far, without PixelData) and it allocates a declared length before reading
 * it, at every nesting level. So every declared length, inside sequences too, is capped at the size of the input
 * ({@link EncodedInstance}), a deflated data set is inflated within the {@code max-instance-size} limit, and the pixel
 * count is checked against Rows x Columns. An instance in a transfer syntax {@link TransferSyntaxes} does not accept is
 * refused before decoding.
 */
public final class DicomReader {

    private final long maxInstanceBytes;

    /** A reader within the default {@code max-instance-size} limit. */
    public DicomReader() {
        this(StudyLimits.defaults().maxInstanceBytes());
    }

    /**
     * A reader that refuses an instance whose file, inflated data set or decoded pixel data is larger than
     * {@code maxInstanceBytes}.
     */
    public DicomReader(long maxInstanceBytes) {
        this.maxInstanceBytes = maxInstanceBytes;
    }

    /** Reads a file; the cap on declared lengths is the file's size. */
    public DicomInstance read(Path file) throws DicomFormatException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxInstanceBytes) {
                throw new StudyTooLargeException(file + ": the file is " + size + " bytes, over the limit of "
                        + maxInstanceBytes + " (" + StudyLimits.PREFIX + "max-instance-size)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DicomFormatException(file + ": cannot be read (" + e.getMessage() + ")", false);
        }
        return read(bytes, file.toString());
    }

    /**
     * Reads an instance held in memory (a WADO-RS part or a file's bytes).
     *
     * @throws DicomFormatException with a one-line reason naming {@code source}
     */
    DicomInstance read(byte[] bytes, String source) throws DicomFormatException {
        boolean partTen = hasPartTenPreamble(bytes);
        AttributeList list;
        try {
            EncodedInstance encoded = EncodedInstance.check(bytes, maxInstanceBytes);
            // refused before PixelMed decodes: it would decode some lossy syntaxes, and fail on others obscurely
            TransferSyntaxes.requireReadable(encoded.transferSyntax().trim(), source);
            list = new GuardedAttributeList(encoded.bytes().length);
            InputStream in = new ByteArrayInputStream(encoded.bytes());
            list.read(
                    encoded.dataSetOnly()
                            ? new DicomInputStream(in, TransferSyntax.ExplicitVRLittleEndian, false)
                            : new DicomInputStream(in));
        } catch (StudyTooLargeException e) {
            throw new StudyTooLargeException(source + ": " + e.getMessage());
        } catch (DicomException | IOException | RuntimeException e) {
            // a file that says it is DICOM and cannot be read is damaged; anything else is just not DICOM
            throw new DicomFormatException(source + ": not readable as DICOM (" + firstLine(e) + ")", partTen);
        }
        return toInstance(list, source);
    }

    /** DICOM PS3.10 7.1: a 128-byte preamble, then "DICM". */
    private static boolean hasPartTenPreamble(byte[] head) {
        return head.length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
    }

    private static DicomInstance toInstance(AttributeList list, String source) throws DicomFormatException {
        int rows = integer(list, TagFromName.Rows, 0);
        int columns = integer(list, TagFromName.Columns, 0);
        Attribute pixelData = list.getPixelData();
        if (rows <= 0 || columns <= 0) {
            String sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID);
            if (pixelData == null && list.isEmpty()) {
                throw new DicomFormatException(source + ": not a DICOM file", false);
            }
            throw new DicomFormatException(source + ": holds no image (SOP class " + orNone(sopClass) + ")", false);
        }
        if (pixelData == null) {
            throw new DicomFormatException(source + ": pixel data missing or cut short", true);
        }
        checkSupported(list, source);
        if ((long) rows * columns > Integer.MAX_VALUE - 8) {
            // DICOM PS3.5: Rows and Columns are US, so their product may pass an int; no Java array holds it
            throw new DicomFormatException(source + ": an image of " + rows + "x" + columns + " pixels", true);
        }
        short[] values = pixelValues(pixelData, rows * columns, source);
        return new DicomInstance(
                seriesHeader(list),
                sliceHeader(list, rows, columns),
                new DicomInstance.PatientIdentity(
                        text(list, TagFromName.PatientID), text(list, TagFromName.IssuerOfPatientID)),
                values);
    }

    private static void checkSupported(AttributeList list, String source) throws DicomFormatException {
        int samples = integer(list, TagFromName.SamplesPerPixel, 1);
        int frames = integer(list, TagFromName.NumberOfFrames, 1);
        int bitsAllocated = integer(list, TagFromName.BitsAllocated, 0);
        if (samples != 1) {
            throw new DicomFormatException(source + ": colour image (SamplesPerPixel " + samples + ")", false);
        }
        if (frames != 1) {
            // an Enhanced CT series is one multi-frame instance; the analysis reads single-frame CT Image Storage
            throw new DicomFormatException(
                    source + ": multi-frame image (" + frames + " frames); only single-frame images are read", false);
        }
        // DICOM PS3.3 C.8.2.1.1.4: CT Image stores 16 bits per pixel
        if (bitsAllocated != 16) {
            throw new DicomFormatException(source + ": BitsAllocated " + bitsAllocated + ", expected 16", false);
        }
    }

    private static short[] pixelValues(Attribute pixelData, int expected, String source) throws DicomFormatException {
        short[] values;
        try {
            values = pixelData.getShortValues();
        } catch (DicomException | RuntimeException e) {
            throw new DicomFormatException(source + ": pixel data not decodable (" + firstLine(e) + ")", true);
        }
        if (values == null || values.length < expected) {
            int got = values == null ? 0 : values.length;
            throw new DicomFormatException(
                    source + ": pixel data cut short (" + got + " of " + expected + " pixels)", true);
        }
        // a trailing pad value may follow the last pixel (DICOM PS3.5 7.1.1: even value lengths)
        return values.length == expected ? values : Arrays.copyOf(values, expected);
    }

    private static SeriesHeader seriesHeader(AttributeList list) {
        return new SeriesHeader(
                text(list, TagFromName.StudyInstanceUID),
                text(list, TagFromName.SeriesInstanceUID),
                integer(list, TagFromName.SeriesNumber, 0),
                text(list, TagFromName.Modality),
                text(list, TagFromName.SeriesDescription),
                text(list, TagFromName.BodyPartExamined),
                text(list, TagFromName.ContrastBolusAgent),
                Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ConvolutionKernel)
                        .trim(),
                Attribute.getDelimitedStringValuesOrEmptyString(list, TagFromName.ImageType)
                        .trim());
    }

    private static SliceHeader sliceHeader(AttributeList list, int rows, int columns) {
        // DICOM PS3.3 C.7.6.3.1.4: PixelRepresentation 1 = two's complement
        return new SliceHeader(
                text(list, TagFromName.SOPInstanceUID),
                integer(list, TagFromName.InstanceNumber, 0),
                rows,
                columns,
                doubles(list, TagFromName.PixelSpacing, 2),
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, Double.NaN),
                doubles(list, TagFromName.ImageOrientationPatient, 6),
                doubles(list, TagFromName.ImagePositionPatient, 3),
                integer(list, TagFromName.BitsStored, 16),
                integer(list, TagFromName.PixelRepresentation, 0) == 1,
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1.0),
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0.0));
    }

    private static double[] doubles(AttributeList list, AttributeTag tag, int count) {
        Attribute attribute = list.get(tag);
        try {
            double[] values = attribute == null ? null : attribute.getDoubleValues();
            return values != null && values.length == count ? values : null;
        } catch (DicomException | RuntimeException e) {
            return null;
        }
    }

    private static int integer(AttributeList list, AttributeTag tag, int orElse) {
        try {
            return Attribute.getSingleIntegerValueOrDefault(list, tag, orElse);
        } catch (RuntimeException e) {
            return orElse;
        }
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "none" : value;
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).trim();
    }
}
