package org.ichcds.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.DicomWebSettings;
import org.ichcds.reporting.PacsObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox to the PACS on a real (embedded H2) database, against a STOW-RS stand-in: objects are stored once, a
 * destination that is down and then up gets them exactly once, and an answer that leaves an object out (or lists it in
 * the Failed SOP Sequence) is a failure recorded with its reason, tried again later.
 */
class PacsOutboxTest {

    private static final String ANALYSIS = "3f0c9a1e-5b7d-4c2e-8a6f-1d2e3f4a5b6c";

    private JdbcClient jdbc;
    private int port;
    private HttpServer pacs;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** The STOW-RS answer to give, from the SOP Instance UIDs the objects have. */
    private volatile Function<List<String>, String> answer = PacsOutboxTest::allStored;

    private List<String> sops;

    @BeforeEach
    void database() throws IOException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:pacs-outbox-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("APP")
                .defaultSchema("APP")
                .locations("filesystem:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
    }

    @AfterEach
    void stopPacs() {
        if (pacs != null) {
            pacs.stop(0);
        }
    }

    private void startPacs() throws IOException {
        pacs = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        pacs.createContext("/dicom-web/studies", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            byte[] body = answer.apply(sops).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pacs.start();
    }

    private PacsWriteback writeback() {
        URI base = URI.create("http://127.0.0.1:" + port + "/dicom-web");
        // no retries inside the client: the outbox's own retries are under test
        DicomWebClient client = new DicomWebClient(
                new DicomWebEndpoint(base, Credentials.none()),
                new DicomWebSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 0, Duration.ZERO));
        return new PacsWriteback(
                new PacsOutbox(jdbc),
                new StowDestination(client),
                base,
                new WritebackProperties(
                        base, null, null, null, true, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO));
    }

    private List<PacsObject> queue(PacsWriteback writeback) {
        List<PacsObject> links = writeback.queue(
                WritebackFixtures.findings(ANALYSIS),
                SourceSeries.fromMetadata(WritebackFixtures.metadata(WritebackFixtures.STUDY)));
        sops = links.stream().map(PacsObject::sopInstanceUid).toList();
        return links;
    }

    private Map<String, Object> row() {
        return jdbc.sql("SELECT status, attempts, last_error, delivered_at FROM app.pacs_outbox WHERE analysis_id = ?")
                .param(ANALYSIS)
                .query()
                .singleRow();
    }

    @Test
    void aDestinationDownAndThenUpGetsTheObjectsExactlyOnce() throws Exception {
        PacsWriteback writeback = writeback();
        List<PacsObject> links = queue(writeback);
        assertThat(links)
                .extracting(PacsObject::kind)
                .containsExactly(PacsObject.Kind.STRUCTURED_REPORT, PacsObject.Kind.PRESENTATION_STATE);

        assertThat(writeback.deliverDue()).isZero(); // nothing listens
        assertThat(row().get("STATUS")).isEqualTo("PENDING");
        assertThat(row().get("ATTEMPTS")).isEqualTo(1);
        assertThat((String) row().get("LAST_ERROR")).isNotBlank();

        startPacs();
        assertThat(writeback.deliverDue()).isEqualTo(1);
        assertThat(writeback.deliverDue()).isZero();
        assertThat(writeback.deliverDue()).isZero();

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).contains(sops.get(0)).contains(sops.get(1));
        assertThat(row().get("STATUS")).isEqualTo("DELIVERED");
        assertThat(row().get("ATTEMPTS")).isEqualTo(2);
        assertThat(row().get("LAST_ERROR")).isNull();
        assertThat(row().get("DELIVERED_AT")).isInstanceOf(Timestamp.class);
    }

    @Test
    void anObjectInTheFailedSopSequenceIsAFailureWithItsReason() throws Exception {
        startPacs();
        answer = uids -> stored(
                uids.subList(0, 1),
                "\"00081198\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\"," + "\"Value\":[\"" + uids.get(1)
                        + "\"]},\"00081197\":{\"vr\":\"US\",\"Value\":[42752]}}]}");
        PacsWriteback writeback = writeback();
        queue(writeback);

        assertThat(writeback.deliverDue()).isZero();

        assertThat(row().get("STATUS")).isEqualTo("PENDING");
        assertThat((String) row().get("LAST_ERROR"))
                .contains("did not store 1 of 2")
                .contains("A700");
        answer = PacsOutboxTest::allStored;
        assertThat(writeback.deliverDue()).isEqualTo(1);
        assertThat(requests).hasSize(2);
    }

    @Test
    void anAnswerThatLeavesAnObjectOutIsAFailure() throws Exception {
        startPacs();
        answer = uids -> stored(uids.subList(0, 1), null);
        PacsWriteback writeback = writeback();
        queue(writeback);

        assertThat(writeback.deliverDue()).isZero();

        assertThat((String) row().get("LAST_ERROR")).contains("did not store 1 of 2");
    }

    @Test
    void aRetriedAnalysisQueuesItsObjectsOnce() throws Exception {
        startPacs();
        PacsWriteback writeback = writeback();
        queue(writeback);
        queue(writeback); // the analysis ran again after a crash: the same objects, the same UIDs

        assertThat(writeback.deliverDue()).isEqualTo(1);
        assertThat(requests).hasSize(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app.pacs_outbox")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    private static String allStored(List<String> uids) {
        return stored(uids, null);
    }

    /** PS3.18 10.5.3: a Referenced SOP Sequence item per stored instance, and maybe a Failed SOP Sequence. */
    private static String stored(List<String> uids, String failed) {
        StringBuilder json = new StringBuilder("{\"00081199\":{\"vr\":\"SQ\",\"Value\":[");
        for (int i = 0; i < uids.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"")
                    .append(uids.get(i))
                    .append("\"]}}");
        }
        json.append("]}");
        if (failed != null) {
            json.append(",").append(failed);
        }
        return json.append("}").toString();
    }
}
