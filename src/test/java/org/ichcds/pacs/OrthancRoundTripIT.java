package org.ichcds.pacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.CtVolume;
import org.ichcds.dicom.DicomFormatException;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.DicomWebException;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.dicom.LoadedStudy;
import org.ichcds.dicom.StudyLimits;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.dicom.StudyTooLargeException;
import org.ichcds.dicom.TestSeries;
import org.ichcds.dicom.VolumeChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real Orthanc for the class, wiped between tests: STOW, QIDO and WADO round trips through our client. */
class OrthancRoundTripIT {

    @TempDir
    static Path dir;

    static OrthancServer server;
    static DicomWebClient client;

    @BeforeAll
    static void startOrthanc() {
        server = OrthancServer.startOnFreePort(dir);
        client = new DicomWebClient(server.endpoint(), DicomWebSettings.defaults());
    }

    @AfterAll
    static void stopOrthanc() {
        server.close();
    }

    @AfterEach
    void wipe() {
        server.wipe();
    }

    @Test
    void loadsVoxelForVoxelWhatWasStored() throws Exception {
        TestSeries series = TestSeries.ct();
        series.slices = 10;
        series.rows = 32;
        series.columns = 24;
        List<byte[]> instances = new ArrayList<>(series.toBytes());
        Collections.shuffle(instances, new Random(1));
        assertThat(client.store(instances)).containsExactlyInAnyOrderElementsOf(series.sopUids());

        LoadedStudy study = new StudyLoader().fromDicomWeb(client, series.studyUid);

        CtVolume volume = study.volume();
        assertThat(volume.seriesUid()).isEqualTo(series.seriesUid);
        assertThat(volume.slices())
                .extracting(CtVolume.CtSlice::sopInstanceUid)
                .containsExactlyElementsOf(series.sopUids());
        VolumeChecks.assertVoxelsMatch(series, volume);
        assertThat(study.selectionReason()).contains("series 2 'HEAD 5mm STD' chosen", "10 slices");
    }

    @Test
    void findsSeriesAndInstancesWithQido() {
        TestSeries series = TestSeries.ct();
        client.store(series.toBytes());
        List<DicomWebClient.SeriesInfo> found = client.searchSeries(series.studyUid);
        assertThat(found).singleElement().satisfies(s -> {
            assertThat(s.seriesUid()).isEqualTo(series.seriesUid);
            assertThat(s.modality()).isEqualTo("CT");
            assertThat(s.instances()).isEqualTo(5);
        });
        assertThat(client.searchInstances(series.studyUid, series.seriesUid))
                .extracting(DicomWebClient.InstanceInfo::sopInstanceUid)
                .containsExactlyInAnyOrderElementsOf(series.sopUids());
        assertThat(client.retrieveSeries(series.studyUid, series.seriesUid)).hasSize(5);
    }

    @Test
    void choosesTheNonContrastSeriesOfAStudy() throws Exception {
        TestSeries plain = TestSeries.ct();
        TestSeries contrast = TestSeries.ct();
        contrast.studyUid = plain.studyUid;
        contrast.seriesNumber = 3;
        contrast.description = "HEAD C+";
        contrast.contrastAgent = "IOHEXOL";
        contrast.slices = 8;
        client.store(plain.toBytes());
        client.store(contrast.toBytes());
        LoadedStudy study = new StudyLoader().fromDicomWeb(client, plain.studyUid);
        assertThat(study.volume().seriesUid()).isEqualTo(plain.seriesUid);
        assertThat(study.selectionReason()).contains("non-contrast", "preferred over 1 other");
    }

    @Test
    void aStudyOverALimitIsRefusedBeforeItsImagesAreFetchedNamingTheSetting() throws Exception {
        TestSeries series = TestSeries.ct();
        series.slices = 12;
        series.rows = 32;
        series.columns = 24;
        client.store(series.toBytes());
        StudyLimits defaults = StudyLimits.defaults();
        StudyLimits fewImages = new StudyLimits(50, 10, 64L << 20, 2L << 30, 1024, 1024);
        assertThatThrownBy(() -> new StudyLoader(fewImages).fromDicomWeb(client, series.studyUid))
                .isInstanceOf(StudyTooLargeException.class)
                .hasMessage("the number of images in a CT series of the study is 12, over the limit of 10"
                        + " (ichcds.dicomweb.limits.max-instances)");
        StudyLimits narrow = new StudyLimits(50, 1200, 64L << 20, 2L << 30, 16, 1024);
        assertThatThrownBy(() -> new StudyLoader(narrow).fromDicomWeb(client, series.studyUid))
                .isInstanceOf(StudyTooLargeException.class)
                .hasMessageContaining(
                        "rows of its images is 32, over the limit of 16 (ichcds.dicomweb.limits.max-rows)");
        // checked as the bytes arrive too: a series bigger than allowed in all is cut off
        StudyLimits fewBytes = new StudyLimits(50, 1200, 64L << 20, 4_000, 1024, 1024);
        assertThatThrownBy(() -> new StudyLoader(fewBytes).fromDicomWeb(client, series.studyUid))
                .isInstanceOf(StudyTooLargeException.class)
                .hasMessage("the series as fetched: the answer is larger than 4000 bytes"
                        + " (ichcds.dicomweb.limits.max-series-size)");
        assertThat(new StudyLoader(defaults)
                        .fromDicomWeb(client, series.studyUid)
                        .volume()
                        .slices())
                .hasSize(12);
    }

    @Test
    void wipeDeletesEverything() {
        TestSeries series = TestSeries.ct();
        client.store(series.toBytes());
        server.wipe();
        assertThat(client.searchSeries(series.studyUid)).isEmpty();
    }

    @Test
    void saysWhenTheStudyIsUnknown() {
        assertThatThrownBy(() -> new StudyLoader().fromDicomWeb(client, "1.2.3.4"))
                .isInstanceOf(DicomFormatException.class)
                .hasMessageContaining("has no study 1.2.3.4");
    }

    @Test
    void saysToCheckTheCredentialsOn401() {
        DicomWebEndpoint wrong = new DicomWebEndpoint(server.dicomWebBase(), Credentials.basic("test", "wrong"));
        assertThatThrownBy(() -> new DicomWebClient(wrong, DicomWebSettings.defaults()).searchSeries("1.2.3"))
                .isInstanceOf(DicomWebException.class)
                .hasMessage("PACS " + server.dicomWebBase() + " answered 401 Unauthorized: check the credentials")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void refusesToStartASecondOrthancOnTheSamePort(@TempDir Path other) {
        OrthancServer.Config taken =
                new OrthancServer.Config("127.0.0.1", server.config().port(), other, "u", "p");
        assertThatThrownBy(() -> new OrthancServer(taken).start())
                .hasMessageContaining("port " + server.config().port() + " is already in use");
    }

    @Test
    void giveUpOnAnUnreachablePacsAfterTheRetries() {
        int closedPort = OrthancServer.freePort();
        DicomWebEndpoint nowhere = new DicomWebEndpoint(
                java.net.URI.create("http://127.0.0.1:" + closedPort + "/dicom-web"), Credentials.none());
        DicomWebSettings quick =
                new DicomWebSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofMillis(5));
        assertThatThrownBy(() -> new DicomWebClient(nowhere, quick).searchSeries("1.2.3"))
                .isInstanceOf(DicomWebException.class)
                .hasMessage("PACS http://127.0.0.1:" + closedPort
                        + "/dicom-web unreachable (connection refused) after 3 attempts");
    }
}
