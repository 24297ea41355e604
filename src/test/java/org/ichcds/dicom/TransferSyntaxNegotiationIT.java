package org.ichcds.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client asks for Explicit VR Little Endian and falls back to the series as stored when the server refuses or
 * fails to transcode (DICOM PS3.18 8.7.3.5), against a scripted HTTP server on loopback.
 */
class TransferSyntaxNegotiationIT {

    /** What the scripted server does with a request for Explicit VR Little Endian. */
    private enum Uncompressed {
        REFUSE_406,
        FAIL_500,
        CUT_AFTER_ONE_PART,
        UNAUTHORIZED_401
    }

    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private final List<byte[]> stored =
            new CopyOnWriteArrayList<>(TestSeries.ct().toBytes().subList(0, 3));
    private volatile Uncompressed uncompressed;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dicom-web/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        accepts.add(accept);
        MultipartParts.Body body = MultipartParts.ofDicom(stored);
        byte[] bytes = body.bytes();
        int status = 200;
        if (accept.equals(DicomWebClient.UNCOMPRESSED)) {
            switch (uncompressed) {
                case REFUSE_406 -> status = 406;
                case FAIL_500 -> status = 500;
                case UNAUTHORIZED_401 -> status = 401;
                case CUT_AFTER_ONE_PART -> bytes = Arrays.copyOf(bytes, stored.get(0).length + 400);
            }
        }
        exchange.getResponseHeaders().add("Content-Type", body.contentType());
        if (status != 200) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, 0); // no length, as Orthanc: the end of the body is the end of the answer
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private DicomWebClient client() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
        return new DicomWebClient(
                new DicomWebEndpoint(base, Credentials.none()),
                new DicomWebSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(5)));
    }

    @Test
    void aRefusedTransferSyntaxIsAskedAgainAsStored() {
        uncompressed = Uncompressed.REFUSE_406;
        assertThat(client().retrieveSeries("1.2.3", "1.2.3.4")).hasSize(3);
        assertThat(accepts).containsExactly(DicomWebClient.UNCOMPRESSED, DicomWebClient.AS_STORED);
        assertThat(DicomWebClient.UNCOMPRESSED)
                .isEqualTo("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
    }

    @Test
    void aFailureToTranscodeIsNotRetriedButAskedAgainAsStored() {
        uncompressed = Uncompressed.FAIL_500;
        assertThat(client().retrieveSeries("1.2.3", "1.2.3.4")).hasSize(3);
        assertThat(accepts).containsExactly(DicomWebClient.UNCOMPRESSED, DicomWebClient.AS_STORED);
    }

    @Test
    void anAnswerCutShortIsFetchedAgainFromTheStartWithoutKeepingWhatArrived() {
        uncompressed = Uncompressed.CUT_AFTER_ONE_PART;
        List<byte[]> parts = client().retrieveSeries("1.2.3", "1.2.3.4");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).isEqualTo(stored.get(0));
        assertThat(parts.get(2)).isEqualTo(stored.get(2));
        assertThat(accepts).containsExactly(DicomWebClient.UNCOMPRESSED, DicomWebClient.AS_STORED);
    }

    @Test
    void aConsumerThatCannotStartAgainGetsTheFailure() {
        uncompressed = Uncompressed.CUT_AFTER_ONE_PART;
        assertThatThrownBy(() -> client().retrieveSeries("1.2.3", "1.2.3.4", (index, part) -> {}))
                .isInstanceOf(DicomWebException.class)
                .hasMessageContaining("response unusable");
        assertThat(accepts).containsExactly(DicomWebClient.UNCOMPRESSED);
    }

    @Test
    void anAuthorizationFailureIsNotAskedAgain() {
        uncompressed = Uncompressed.UNAUTHORIZED_401;
        assertThatThrownBy(() -> client().retrieveSeries("1.2.3", "1.2.3.4")).hasMessageContaining("answered 401");
        assertThat(accepts).containsExactly(DicomWebClient.UNCOMPRESSED);
    }

    @Test
    void theAsStoredClientAsksForTheStoredSyntaxOnly() {
        uncompressed = Uncompressed.REFUSE_406;
        assertThat(client().asStored().retrieveSeries("1.2.3", "1.2.3.4")).hasSize(3);
        assertThat(accepts).containsExactly(DicomWebClient.AS_STORED);
    }

    @Test
    void aStudyLoadedThroughAFallbackHasEverySliceOnce() throws Exception {
        uncompressed = Uncompressed.CUT_AFTER_ONE_PART;
        TestSeries series = TestSeries.ct();
        List<byte[]> all = series.toBytes();
        stored.clear();
        stored.addAll(all);
        LoadedStudy study = new StudyLoader().fromDicomWebSeries(client(), series.studyUid, series.seriesUid);
        assertThat(study.volume().sliceCount()).isEqualTo(series.slices);
        VolumeChecks.assertVoxelsMatch(series, study.volume());
    }
}
