package org.ichcds.training.phantoms;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SignedShortAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.ichcds.dicom.CtVolume;

/**
 * Writes a phantom study as one CT Image Storage file per slice (Explicit VR Little Endian), with the attributes
 * dciodvfy requires for the CT Image IOD (DICOM PS3.3 A.3) and those the series-selection rules read: ImageType
 * ORIGINAL\PRIMARY\AXIAL, BodyPartExamined HEAD, a soft-tissue ConvolutionKernel and no ContrastBolusAgent.
 */
final class PhantomDicomWriter {

    static final String MANUFACTURER = "ICH CDS phantom generator";
    private static final String AE_TITLE = "ICHCDS";
    /** (0018,1120) Gantry/Detector Tilt, which PixelMed's TagFromName lacks. */
    private static final AttributeTag GANTRY_DETECTOR_TILT = new AttributeTag(0x0018, 0x1120);

    private static final LocalDate EPOCH = LocalDate.of(2020, 1, 6);

    /** Writes every slice of {@code study} into {@code directory} as {@code <imageId>.dcm}. */
    void write(PhantomStudy study, Path directory) {
        try {
            Files.createDirectories(directory);
            CtVolume volume = study.volume();
            for (int s = 0; s < volume.sliceCount(); s++) {
                AttributeList list = attributes(study, s);
                FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, AE_TITLE);
                Path file = directory.resolve(study.slices().get(s).imageId() + ".dcm");
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write study " + study.volume().studyUid(), e);
        } catch (DicomException e) {
            throw new IllegalStateException(
                    "could not encode study " + study.volume().studyUid(), e);
        }
    }

    private AttributeList attributes(PhantomStudy study, int s) throws DicomException {
        CtVolume v = study.volume();
        CtVolume.CtSlice slice = v.slices().get(s);
        Acquisition acq = study.acquisition;
        int index = study.plan().index();
        String date = EPOCH.plusDays(index % 1500).format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = String.format("%02d%02d00", 7 + index % 12, index % 60);
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        put(list, TagFromName.SOPInstanceUID, slice.sopInstanceUid());
        put(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        for (AttributeTag tag : List.of(TagFromName.StudyDate, TagFromName.SeriesDate, TagFromName.ContentDate)) {
            put(list, tag, date);
        }
        for (AttributeTag tag : List.of(TagFromName.StudyTime, TagFromName.SeriesTime, TagFromName.ContentTime)) {
            put(list, tag, time);
        }
        put(list, TagFromName.AccessionNumber, String.format("A%07d", index));
        put(list, TagFromName.Modality, "CT");
        put(list, TagFromName.Manufacturer, MANUFACTURER);
        put(list, TagFromName.ManufacturerModelName, "ichcds phantoms");
        put(list, TagFromName.SoftwareVersions, "1");
        put(list, TagFromName.ReferringPhysicianName);
        put(list, TagFromName.StudyDescription, "CT HEAD WO CONTRAST");
        put(list, TagFromName.SeriesDescription, String.format("HEAD %.1f mm", v.sliceThicknessMm()));
        put(list, TagFromName.PatientName, "PHANTOM^" + study.patientId());
        put(list, TagFromName.PatientID, study.patientId());
        put(list, TagFromName.PatientBirthDate, "19500101");
        put(list, TagFromName.PatientSex, index % 2 == 0 ? "F" : "M");
        put(list, TagFromName.BodyPartExamined, "HEAD");
        put(list, TagFromName.SliceThickness, decimal(v.sliceThicknessMm()));
        put(list, DicomDictionary.StandardDictionary.getTagFromName("KVP"), Integer.toString(acq.kvp()));
        put(list, TagFromName.ReconstructionDiameter, decimal(study.geometry.fieldOfView()));
        put(list, TagFromName.ConvolutionKernel, acq.kernel());
        put(list, TagFromName.PatientPosition, "HFS");
        put(list, TagFromName.StudyInstanceUID, v.studyUid());
        put(list, TagFromName.SeriesInstanceUID, v.seriesUid());
        put(list, TagFromName.StudyID, Integer.toString(index + 1));
        put(list, TagFromName.SeriesNumber, "2");
        put(list, TagFromName.AcquisitionNumber, "1");
        put(list, TagFromName.InstanceNumber, Integer.toString(slice.instanceNumber()));
        double[] p = slice.positionMm();
        put(list, TagFromName.ImagePositionPatient, decimal(p[0]), decimal(p[1]), decimal(p[2]));
        if (study.geometry.tilted()) {
            double[] o = v.orientation();
            put(list, TagFromName.ImageOrientationPatient, "1", "0", "0", "0", decimal(o[4]), decimal(o[5]));
        } else {
            put(list, TagFromName.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        }
        if (study.style() != PhantomStyle.CLASSIC) {
            // DICOM PS3.3 C.8.2.1: nominal tilt, not for computation; the orientation above is what readers use
            put(list, GANTRY_DETECTOR_TILT, decimal(study.geometry.tiltDegrees()));
            put(list, TagFromName.SpacingBetweenSlices, decimal(v.sliceSpacingMm()));
        }
        put(list, TagFromName.FrameOfReferenceUID, study.frameOfReferenceUid());
        put(list, TagFromName.PositionReferenceIndicator);
        put(list, TagFromName.SliceLocation, decimal(p[2]));
        pixelModule(list, study, s);
        return list;
    }

    private void pixelModule(AttributeList list, PhantomStudy study, int s) throws DicomException {
        CtVolume v = study.volume();
        Acquisition.Storage storage = study.acquisition.storage();
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, Integer.toString(v.rows()));
        put(list, TagFromName.Columns, Integer.toString(v.columns()));
        put(list, TagFromName.PixelSpacing, decimal(v.rowSpacingMm()), decimal(v.columnSpacingMm()));
        put(list, TagFromName.BitsAllocated, "16");
        put(list, TagFromName.BitsStored, Integer.toString(storage.bitsStored));
        put(list, TagFromName.HighBit, Integer.toString(storage.bitsStored - 1));
        put(list, TagFromName.PixelRepresentation, Integer.toString(storage.pixelRepresentation));
        put(list, TagFromName.WindowCenter, "40");
        put(list, TagFromName.WindowWidth, "80");
        put(list, TagFromName.RescaleIntercept, Integer.toString(storage.intercept));
        put(list, TagFromName.RescaleSlope, "1");
        short[] hu = study.storedHu().get(s);
        short[] raw = new short[hu.length];
        for (int i = 0; i < hu.length; i++) {
            raw[i] = storage.raw(hu[i]);
        }
        if (study.acquisition.paddingTag()) {
            paddingValue(list, storage, storage.raw(study.acquisition.paddingHu()));
        }
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(raw);
        list.put(pixels);
    }

    /**
     * PixelPaddingValue, whose VR follows PixelRepresentation: US for unsigned, SS for signed pixels (DICOM PS3.3
     * C.7.5.1.1.2; PS3.6 lists it as US or SS).
     */
    private static void paddingValue(AttributeList list, Acquisition.Storage storage, short raw) throws DicomException {
        Attribute a = storage.pixelRepresentation == 0
                ? new UnsignedShortAttribute(TagFromName.PixelPaddingValue)
                : new SignedShortAttribute(TagFromName.PixelPaddingValue);
        a.addValue(storage.pixelRepresentation == 0 ? raw & 0xffff : raw);
        list.put(a);
    }

    private static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        for (String value : values) {
            a.addValue(value);
        }
        list.put(a);
    }

    /** A decimal string (DS, at most 16 characters: DICOM PS3.5 6.2) with 4 decimals, trailing zeros dropped. */
    static String decimal(double value) {
        String s = String.format(java.util.Locale.ROOT, "%.4f", value);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }
}
