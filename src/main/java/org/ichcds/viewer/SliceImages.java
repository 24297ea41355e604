package org.ichcds.viewer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.ichcds.analysis.AnalysisJob;
import org.ichcds.analysis.AnalysisResult;
import org.ichcds.analysis.DicomWebAccess;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.DicomWebException;
import org.ichcds.dicom.StudyLoader;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Slice images of an analysed series, rendered by the server as PNG from the PACS's pixels. The series is fetched
 * once and kept for a few minutes, so scrolling costs one render per image.
 */
@Component
class SliceImages {

    private final DicomWebAccess dicomWeb;
    private final StudyLoader loader = new StudyLoader();
    private final Cache<String, CtVolume> volumes = Caffeine.newBuilder()
            .maximumSize(4)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    SliceImages(DicomWebAccess dicomWeb) {
        this.dicomWeb = dicomWeb;
    }

    byte[] png(AnalysisJob job, AnalysisResult result, int index, DisplayWindow window) {
        if (index < 0 || index >= result.sliceSopInstanceUids().size()) {
            throw new ViewerException(HttpStatus.NOT_FOUND, "No such slice", "The series has no slice " + index + ".");
        }
        CtVolume volume = volumes.get(job.id(), id -> load(job, result));
        CtVolume.CtSlice slice = volume.slices().get(index);
        if (!slice.sopInstanceUid().equals(result.sliceSopInstanceUids().get(index))) {
            throw new ViewerException(
                    HttpStatus.CONFLICT,
                    "Series changed",
                    "The series in the PACS is no longer the one that was analysed.");
        }
        return encode(slice.hu(), volume.columns(), volume.rows(), window);
    }

    private CtVolume load(AnalysisJob job, AnalysisResult result) {
        try {
            return loader.fromDicomWebSeries(
                            dicomWeb.client(job.dicomWebBase()),
                            job.studyUid(),
                            result.findings().seriesUid())
                    .volume();
        } catch (DicomWebException | DicomFormatException e) {
            throw new ViewerException(
                    HttpStatus.BAD_GATEWAY,
                    "Images unavailable",
                    "The images could not be retrieved from the PACS: " + e.getMessage());
        }
    }

    static byte[] encode(short[] hu, int columns, int rows, DisplayWindow window) {
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] gray = new byte[hu.length];
        for (int i = 0; i < hu.length; i++) {
            gray[i] = (byte) window.gray(hu[i]);
        }
        image.getRaster().setDataElements(0, 0, columns, rows, gray);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(columns * rows / 2)) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
