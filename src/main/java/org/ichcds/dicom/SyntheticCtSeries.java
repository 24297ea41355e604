package org.ichcds.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic CT series written with PixelMed: every attribute dciodvfy asks of a CT image, geometry that can be
 * tilted, and stored values that follow a known formula so that a reader can be checked voxel by voxel. The public
 * fields are the knobs; change them before writing. Used by tests, the benchmarks and the server's warm-up, which
 * analyses a {@link #head} series at start so that the first real study does not pay for compiling the analysis path.
 */
public class SyntheticCtSeries {

    public String studyUid = newUid();
    public String seriesUid = newUid();
    String frameOfReferenceUid = newUid();
    public int slices = 5;
    public int rows = 16;
    public int columns = 16;
    public double pixelSpacing = 0.5;
    public double sliceSpacing = 5.0;
    public double thickness = 5.0;
    /** ImageOrientationPatient: axial by default. */
    public double[] orientation = {1, 0, 0, 0, 1, 0};

    public double[] origin = {-4, -4, 10};
    String modality = "CT";
    public String description = "HEAD 5mm STD";
    public String bodyPart = "HEAD";
    public String kernel = "STANDARD";
    public String contrastAgent = "";
    String imageType = "ORIGINAL\\PRIMARY\\AXIAL";
    public int seriesNumber = 2;
    int bitsStored = 12;
    boolean signed = false;
    public double slope = 1;
    public double intercept = -1024;
    int seed = 0;
    /**
     * Paint a head instead of the formula: air, a skull ring, brain with ventricles, and a small hyperdense bleed-like
     * spot on the middle slices, so that every stage of an analysis has something to find.
     */
    public boolean head;

    private final List<String> sopUids = new ArrayList<>();

    /** The PatientID its images carry: what the Patient registered for it must have as an identifier. */
    public String patientId() {
        return "SYNTH-" + seed;
    }

    /** The stored value of pixel (row, column) of the slice at index {@code slice} along the normal. */
    public int storedValue(int slice, int row, int column) {
        if (head) {
            return (int) Math.round((headHu(slice, row, column) - intercept) / slope);
        }
        int range = signed ? 4000 : (1 << bitsStored);
        int value = Math.floorMod(seed * 31 + slice * 97 + row * 13 + column * 7, range);
        return signed ? value - 2000 : value;
    }

    /** Hounsfield units of the {@link #head} phantom: an ellipse of skull around brain, ventricles and one spot. */
    private double headHu(int slice, int row, int column) {
        double y = (row - rows / 2.0) / (0.40 * rows);
        double x = (column - columns / 2.0) / (0.33 * columns);
        double r = Math.sqrt(x * x + y * y);
        if (r > 1) {
            return -1000; // air
        }
        if (r > 0.92) {
            return 1200; // skull
        }
        double vx = Math.abs(x) - 0.15;
        if (Math.sqrt(vx * vx / 0.01 + y * y / 0.09) < 1) {
            return 8; // lateral ventricles, CSF
        }
        double sx = x - 0.45;
        double sy = y + 0.3;
        boolean middle = Math.abs(slice - slices / 2) <= Math.max(1, slices / 10);
        return middle && sx * sx + sy * sy < 0.01 ? 65 : 35; // a clotted-blood spot, else grey/white matter
    }

    /** Every slice as a Part-10 byte array, in order along the normal. */
    public List<byte[]> toBytes() {
        List<byte[]> instances = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            instances.add(bytes(slice(i)));
        }
        return instances;
    }

    /** Writes one file per slice into {@code dir}, named so that name order is not slice order. */
    public List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        List<byte[]> bytes = toBytes();
        for (int i = 0; i < bytes.size(); i++) {
            Path file = dir.resolve(String.format("IMG%04d.dcm", (i * 7 + 3) % 1000));
            Files.write(file, bytes.get(i));
            files.add(file);
        }
        return files;
    }

    /** The SOP Instance UID of each slice, in order along the normal (after writing). */
    public List<String> sopUids() {
        return sopUids;
    }

    /**
     * The slice normal: row cosines x column cosines (DICOM PS3.3 C.7.6.2.1.1). Worked out here rather than taken from
     * the reader, so that a series written by this class checks the reader's geometry instead of repeating it.
     */
    double[] normal() {
        double[] o = orientation;
        return new double[] {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
    }

    /** The attribute list of slice {@code i}. */
    public AttributeList slice(int i) {
        try {
            AttributeList list = new AttributeList();
            String sopUid = i < sopUids.size() ? sopUids.get(i) : newUid();
            if (i >= sopUids.size()) {
                sopUids.add(sopUid);
            }
            put(list, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
            put(list, TagFromName.SOPInstanceUID, sopUid);
            put(list, TagFromName.PatientName, "Synthetic^Phantom");
            put(list, TagFromName.PatientID, patientId());
            put(list, TagFromName.PatientBirthDate, "19700101");
            put(list, TagFromName.PatientSex, "O");
            put(list, TagFromName.StudyInstanceUID, studyUid);
            put(list, TagFromName.StudyDate, "20240101");
            put(list, TagFromName.StudyTime, "120000");
            put(list, TagFromName.StudyID, "1");
            put(list, TagFromName.ReferringPhysicianName);
            put(list, TagFromName.AccessionNumber);
            put(list, TagFromName.Modality, modality);
            put(list, TagFromName.SeriesInstanceUID, seriesUid);
            put(list, TagFromName.SeriesNumber, Integer.toString(seriesNumber));
            put(list, TagFromName.SeriesDescription, description);
            put(list, TagFromName.BodyPartExamined, bodyPart);
            put(list, TagFromName.PatientPosition, "HFS");
            put(list, TagFromName.FrameOfReferenceUID, frameOfReferenceUid);
            put(list, TagFromName.PositionReferenceIndicator);
            put(list, TagFromName.Manufacturer, "ICH CDS synthetic series");
            // instance numbers run backwards so that they are not the order along the normal either
            put(list, TagFromName.InstanceNumber, Integer.toString(slices - i));
            put(list, TagFromName.AcquisitionNumber, "1");
            put(list, TagFromName.ImageType, imageType.split("\\\\"));
            put(list, TagFromName.PixelSpacing, d(pixelSpacing), d(pixelSpacing));
            put(list, TagFromName.SliceThickness, d(thickness));
            put(list, TagFromName.ImageOrientationPatient, ds(orientation));
            put(list, TagFromName.ImagePositionPatient, ds(position(i)));
            put(list, TagFromName.ConvolutionKernel, kernel);
            if (!contrastAgent.isEmpty()) {
                put(list, TagFromName.ContrastBolusAgent, contrastAgent);
            }
            put(list, TagFromName.RescaleIntercept, d(intercept));
            put(list, TagFromName.RescaleSlope, d(slope));
            put(list, TagFromName.RescaleType, "HU");
            put(list, com.pixelmed.dicom.DicomDictionary.StandardDictionary.getTagFromName("KVP"), "120");
            put(list, TagFromName.SamplesPerPixel, "1");
            put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
            put(list, TagFromName.Rows, Integer.toString(rows));
            put(list, TagFromName.Columns, Integer.toString(columns));
            put(list, TagFromName.BitsAllocated, "16");
            put(list, TagFromName.BitsStored, Integer.toString(bitsStored));
            put(list, TagFromName.HighBit, Integer.toString(bitsStored - 1));
            put(list, TagFromName.PixelRepresentation, signed ? "1" : "0");
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(pixels(i));
            list.put(pixels);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "ICHCDS");
            return list;
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ImagePositionPatient of slice {@code i}: the origin moved {@code i * sliceSpacing} along the normal. */
    double[] position(int i) {
        double[] n = normal();
        return new double[] {
            origin[0] + i * sliceSpacing * n[0],
            origin[1] + i * sliceSpacing * n[1],
            origin[2] + i * sliceSpacing * n[2]
        };
    }

    private short[] pixels(int slice) {
        short[] values = new short[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = (short) storedValue(slice, r, c);
            }
        }
        return values;
    }

    /** A Part-10 byte array of an attribute list. */
    public static byte[] bytes(AttributeList list) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute attribute = AttributeFactory.newAttribute(tag);
        for (String value : values) {
            attribute.addValue(value);
        }
        list.put(attribute);
    }

    private static String d(double value) {
        String text = Double.toString(value);
        return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
    }

    private static String[] ds(double[] values) {
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = String.format(java.util.Locale.ROOT, "%.6f", values[i]);
        }
        return texts;
    }

    private static String newUid() {
        try {
            return new UIDGenerator().getAnotherNewUID();
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }
}
