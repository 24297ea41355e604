package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox to the EHR's FHIR server on a real (embedded H2) database, against an HTTP stand-in for the EHR that
 * answers as it is told: results are retried with backoff until accepted, then delivered once, and the job shows where
 * the delivery stands.
 */
class ResultDeliveryTest {

    private static final String ANALYSIS = "analysis-1";

    private JdbcDataSource dataSource;
    private JdbcClient jdbc;
    private HttpServer ehr;
    private final Deque<Integer> answers = new ArrayDeque<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private int localWrites;

    @BeforeEach
    void databaseAndEhr() throws IOException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:outbox-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("APP")
                .defaultSchema("APP")
                .locations("filesystem:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql(
                        "INSERT INTO app.analysis_job (id, study_uid, model_version, status, dicomweb_base, patient_ref,"
                                + " created_at) VALUES (?, '1.2.3', 'test-1', 'RUNNING', 'http://127.0.0.1:1/', 'Patient/p', ?)")
                .params(ANALYSIS, Timestamp.from(Instant.now()))
                .update();
        ehr = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ehr.createContext("/fhir", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Integer answer = answers.poll();
            exchange.sendResponseHeaders(answer == null ? 201 : answer, -1);
            exchange.close();
        });
        ehr.start();
    }

    @AfterEach
    void stopEhr() {
        ehr.stop(0);
    }

    private ResultDelivery delivery(Duration backoff) {
        URI base = URI.create("http://127.0.0.1:" + ehr.getAddress().getPort() + "/fhir");
        HttpClient http = HttpClient.newHttpClient();
        ResultDelivery.EhrServer server = new ResultDelivery.EhrServer() {
            @Override
            public String encode(Bundle transaction) {
                return "{\"resourceType\":\"Bundle\",\"id\":\"" + transaction.getId() + "\"}";
            }

            @Override
            public void send(String json) throws IOException {
                try {
                    int status = http.send(
                                    HttpRequest.newBuilder(base)
                                            .POST(HttpRequest.BodyPublishers.ofString(json))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status / 100 != 2) {
                        throw new IOException("the EHR's FHIR server answered " + status);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        };
        return new ResultDelivery(
                jdbc,
                bundle -> "DiagnosticReport/" + (++localWrites),
                server,
                new ResultDelivery.OutboxProperties(Duration.ofMillis(100), backoff, Duration.ofSeconds(1)));
    }

    private static Bundle bundle(String id) {
        Bundle bundle = new Bundle();
        bundle.setId(id);
        return bundle;
    }

    private AnalysisJob.EhrDelivery status() {
        return new AnalysisJobs(jdbc).get(ANALYSIS).orElseThrow().ehrDelivery();
    }

    @Test
    void resultsTheEhrRefusesAreRetriedAfterABackoffThenDeliveredOnce() throws Exception {
        ResultDelivery delivery = delivery(Duration.ofMillis(300));
        answers.add(500);

        assertThat(delivery.store(ANALYSIS, bundle("first"))).isEqualTo("DiagnosticReport/1");
        assertThat(status().status()).isEqualTo("PENDING");
        assertThat(delivery.deliverDue()).isZero(); // the EHR answers 500
        assertThat(status().attempts()).isEqualTo(1);
        assertThat(status().lastError()).isEqualTo("the EHR's FHIR server answered 500");

        assertThat(delivery.deliverDue()).isZero(); // within the backoff: not tried again
        assertThat(received).hasSize(1);
        Thread.sleep(400);
        assertThat(delivery.deliverDue()).isEqualTo(1); // the EHR answers 201
        assertThat(status().status()).isEqualTo("DELIVERED");
        assertThat(status().attempts()).isEqualTo(2);
        assertThat(status().lastError()).isNull();
        assertThat(status().deliveredAt()).isNotNull();

        Thread.sleep(400);
        assertThat(delivery.deliverDue()).isZero();
        assertThat(received).hasSize(2).allMatch(body -> body.contains("\"first\""));
    }

    @Test
    void aRetriedAnalysisQueuesItsResultsOnce() {
        ResultDelivery delivery = delivery(Duration.ofMillis(300));
        delivery.store(ANALYSIS, bundle("first"));
        delivery.store(ANALYSIS, bundle("retry")); // the analysis ran again after a crash

        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(delivery.deliverDue()).isZero();
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).contains("\"first\"");
        assertThat(localWrites).isEqualTo(2); // the local store matched the first write (FhirResultStoreIT)
    }

    @Test
    void dbSchedulerDeliversQueuedResultsOnItsOwn() throws Exception {
        ResultDelivery delivery = delivery(Duration.ofMillis(100));
        answers.add(503);
        delivery.store(ANALYSIS, bundle("first"));
        Scheduler scheduler = Scheduler.create(dataSource)
                .startTasks(List.of(delivery.task()))
                .tableName("app.scheduled_tasks")
                .pollingInterval(Duration.ofMillis(100))
                .build();
        scheduler.start();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!"DELIVERED".equals(status().status()) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } finally {
            scheduler.stop();
        }
        assertThat(status().status()).isEqualTo("DELIVERED");
        assertThat(status().attempts()).isEqualTo(2);
        assertThat(received).hasSize(2);
    }

    @Test
    void withoutAnEhrServerResultsStayLocal() {
        ResultDelivery local = new ResultDelivery(
                jdbc,
                bundle -> "DiagnosticReport/9",
                null,
                new ResultDelivery.OutboxProperties(
                        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(1)));
        assertThat(local.store(ANALYSIS, new Bundle())).isEqualTo("DiagnosticReport/9");
        assertThat(local.deliverDue()).isZero();
        assertThat(status()).isNull();
        assertThat(received).isEmpty();
    }
}
