package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ichcds.dicom.CompressedCopies.Encoding;
import org.ichcds.dicom.CompressedCopies.Storage;
import org.ichcds.pacs.OrthancServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 40-slice phantom series compressed by DCMTK and GDCM, stored as it is in a real Orthanc, loads voxel for voxel
 * equal to the original: asked for Explicit VR Little Endian (Orthanc transcodes, or fails to and the client fetches
 * the series as stored) and asked for the series as stored ({@code transfer-syntax=*}, decoded here). Prints the time
 * of one load of each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressedDicomWebIT {

    private static final int SLICES = 40;

    @TempDir
    static Path dir;

    private OrthancServer orthanc;
    private DicomWebClient client;
    private Path original;
    private CtVolume originalVolume;
    private Map<String, DicomInstance> originalInstances;

    @BeforeAll
    void start() throws Exception {
        CompressedCopies.assumeEncoders();
        original = CompressedCopies.originals(dir.resolve("series"), SLICES).get(Storage.SIGNED_16);
        originalVolume = new StudyLoader().fromPath(original).volume();
        originalInstances = new HashMap<>();
        for (Path file : CompressedCopies.list(original)) {
            DicomInstance instance = new DicomReader().read(file);
            originalInstances.put(instance.slice().sopInstanceUid(), instance);
        }
        orthanc = OrthancServer.startOnFreePort(dir.resolve("orthanc"));
        client = new DicomWebClient(orthanc.endpoint(), DicomWebSettings.defaults());
    }

    @AfterAll
    void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void storedAsItIsLoadsEqualAskedUncompressed(Encoding encoding) throws Exception {
        Path encoded = CompressedCopies.encode(original, encoding);
        String[] uids = store(encoded);
        try {
            assertThat(declaredSyntaxes(client.asStored().retrieveSeries(uids[0], uids[1])))
                    .as("Orthanc holds the instances as they were sent")
                    .containsOnly(encoding.transferSyntax);
            assertSameInstances(client.retrieveSeries(uids[0], uids[1]), encoding + " asked uncompressed");
            LoadedStudy study = timed(client, uids, encoding + ", asked uncompressed");
            CompressedFilesIT.assertSameVolume(originalVolume, study.volume());
        } finally {
            orthanc.deleteStudy(uids[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Encoding.class,
            names = {
                "DEFLATED",
                "RLE",
                "JPEG_LOSSLESS_SV1",
                "JPEG_LOSSLESS",
                "JPEG_LOSSLESS_FRAGMENTS",
                "JPEG_2000_LOSSLESS"
            })
    void storedAsItIsLoadsEqualAskedAsStored(Encoding encoding) throws Exception {
        Path encoded = CompressedCopies.encode(original, encoding);
        String[] uids = store(encoded);
        try {
            assertSameInstances(client.asStored().retrieveSeries(uids[0], uids[1]), encoding + " as stored");
            LoadedStudy study = timed(client.asStored(), uids, encoding + ", as stored");
            CompressedFilesIT.assertSameVolume(originalVolume, study.volume());
        } finally {
            orthanc.deleteStudy(uids[0]);
        }
    }

    @Test
    void jpegLsAskedAsStoredIsRefusedNamingTheTransferSyntax() throws Exception {
        Path encoded = CompressedCopies.encode(original, Encoding.JPEG_LS_LOSSLESS);
        String[] uids = store(encoded);
        try {
            assertThatThrownBy(() -> new StudyLoader().fromDicomWebSeries(client.asStored(), uids[0], uids[1]))
                    .isInstanceOf(UnsupportedTransferSyntaxException.class)
                    .hasMessageContaining("1.2.840.10008.1.2.4.80")
                    .hasMessageContaining("Explicit VR Little Endian");
        } finally {
            orthanc.deleteStudy(uids[0]);
        }
    }

    @Test
    void aSeriesOrthancStopsTranscodingHalfwayIsFetchedAgainAsStored() throws Exception {
        // Orthanc sends the uncompressed instances, then ends the answer at the first JPEG 2000 one it cannot transcode
        Path encoded = CompressedCopies.encode(original, Encoding.JPEG_2000_LOSSLESS);
        List<Path> files = CompressedCopies.list(original);
        List<byte[]> mixed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = i < files.size() / 2
                    ? files.get(i)
                    : encoded.resolve(files.get(i).getFileName());
            mixed.add(Files.readAllBytes(file));
        }
        client.store(mixed);
        String studyUid = originalVolume.studyUid();
        try {
            LoadedStudy study = new StudyLoader().fromDicomWebSeries(client, studyUid, originalVolume.seriesUid());
            CompressedFilesIT.assertSameVolume(originalVolume, study.volume());
            assertSameInstances(client.retrieveSeries(studyUid, originalVolume.seriesUid()), "mixed");
        } finally {
            orthanc.deleteStudy(studyUid);
        }
    }

    private String[] store(Path encoded) throws Exception {
        List<byte[]> instances = new ArrayList<>();
        for (Path file : CompressedCopies.list(encoded)) {
            instances.add(Files.readAllBytes(file));
        }
        assertThat(client.store(instances)).hasSize(SLICES);
        return new String[] {originalVolume.studyUid(), originalVolume.seriesUid()};
    }

    private void assertSameInstances(List<byte[]> parts, String what) throws Exception {
        assertThat(parts).hasSize(SLICES);
        DicomReader reader = new DicomReader();
        for (byte[] part : parts) {
            DicomInstance actual = reader.read(part, what);
            DicomInstance expected = originalInstances.get(actual.slice().sopInstanceUid());
            CompressedFilesIT.assertSameInstance(expected, actual, what);
        }
    }

    private static List<String> declaredSyntaxes(List<byte[]> parts) throws Exception {
        List<String> syntaxes = new ArrayList<>();
        for (byte[] part : parts) {
            syntaxes.add(TransferSyntaxes.declaredIn(new ByteArrayInputStream(part)));
        }
        return syntaxes;
    }

    /** One load, timed: the series was fetched and decoded once before (the codecs are loaded and compiled). */
    private static LoadedStudy timed(DicomWebClient client, String[] uids, String what) throws Exception {
        LoadedStudy study = new StudyLoader().fromDicomWebSeries(client, uids[0], uids[1]);
        System.out.printf(
                "Orthanc, %d slices 512x512, %-45s %5d ms (fetch %d ms, parse %d ms summed over threads)%n",
                SLICES,
                what,
                study.timings().total().toMillis(),
                study.timings().fetch().toMillis(),
                study.timings().parse().toMillis());
        return study;
    }
}
