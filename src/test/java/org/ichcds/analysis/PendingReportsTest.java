package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.inference.FakeModelRunner;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.reporting.StudyFindings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reports written after the answer, on a real (embedded H2) database: a DONE analysis of a patient without its report
 * gets one, once, whether from the submit right after binding or from the recurring task; an analysis that has one, or
 * is not DONE, or belongs to no patient yet, is left alone; of two replicas setting out to write one report, one
 * writes it.
 */
class PendingReportsTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final List<Bundle> stored = new ArrayList<>();
    private JdbcClient jdbc;
    private AnalysisJobs jobs;
    private PendingReports reports;

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:pending-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("APP")
                .defaultSchema("APP")
                .locations("filesystem:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
        jobs = new AnalysisJobs(jdbc);
        reports = replica(this::store);
    }

    private synchronized String store(Bundle bundle) {
        stored.add(bundle);
        return "DiagnosticReport/" + stored.size();
    }

    /** A server's report writer on the shared database, storing its transactions with {@code store}. */
    private PendingReports replica(Function<Bundle, String> store) {
        ResultDelivery results = new ResultDelivery(
                jdbc,
                store,
                null,
                new ResultDelivery.OutboxProperties(
                        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        return new PendingReports(
                new AnalysisJobs(jdbc),
                results,
                json,
                Duration.ofSeconds(1),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @Test
    void aReportOneReplicaIsWritingIsLeftToIt() throws Exception {
        insert("a-5", "DONE", "Patient/p1");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        PendingReports slow = replica(bundle -> {
            writing.countDown();
            await(proceed);
            return store(bundle);
        });
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> first = other.submit(() -> slow.write("a-5"));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(reports.write("a-5"))
                    .as("the second replica finds the first writing it")
                    .isFalse();
            assertThat(reports.writeMissing()).isZero();
            proceed.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            proceed.countDown();
            other.shutdownNow();
        }
        assertThat(stored).as("one transaction for the report").hasSize(1);
        assertThat(jobs.get("a-5").orElseThrow().reportRef()).isEqualTo("DiagnosticReport/1");
    }

    @Test
    void aWriteThatFailedGivesUpItsClaim() throws Exception {
        insert("a-6", "DONE", "Patient/p1");
        PendingReports refused = replica(bundle -> {
            throw new IllegalStateException("store refused the transaction");
        });

        assertThat(refused.write("a-6")).isFalse();

        assertThat(reports.write("a-6"))
                .as("written at once by the next writer, not after the claim lapses")
                .isTrue();
        assertThat(stored).hasSize(1);
    }

    @Test
    void aClaimWhoseWriterStoppedLapses() throws Exception {
        insert("held", "DONE", "Patient/p1");
        insert("lapsed", "DONE", "Patient/p2");
        claim("held", Instant.now().plusSeconds(60));
        claim("lapsed", Instant.now().minusSeconds(1));

        assertThat(reports.writeMissing()).isEqualTo(1);

        assertThat(jobs.get("lapsed").orElseThrow().reportRef()).isEqualTo("DiagnosticReport/1");
        assertThat(jobs.get("held").orElseThrow().reportRef())
                .as("its writer may still be on it")
                .isNull();
        claim("held", Instant.now().minusSeconds(1));
        assertThat(reports.write("held")).isTrue();
        assertThat(stored).hasSize(2);
    }

    private void claim(String id, Instant until) {
        jdbc.sql("UPDATE app.analysis_job SET report_claimed_until = ? WHERE id = ?")
                .params(Timestamp.from(until), id)
                .update();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aDoneAnalysisWithoutItsReportGetsItOnce() throws Exception {
        insert("a-1", "DONE", "Patient/p1");

        assertThat(reports.write("a-1")).isTrue();
        assertThat(reports.write("a-1")).as("it has one now").isFalse();
        assertThat(reports.writeMissing()).isZero();

        assertThat(stored).hasSize(1);
        AnalysisJob job = jobs.get("a-1").orElseThrow();
        assertThat(job.reportRef()).isEqualTo("DiagnosticReport/1");
        assertThat(json.readValue(job.resultJson(), AnalysisResult.class).reportRef())
                .as("the stored result names it too, for the viewer")
                .isEqualTo("DiagnosticReport/1");
    }

    @Test
    void theRecurringTaskWritesWhatWasMissedAndNothingElse() throws Exception {
        insert("missed", "DONE", "Patient/p1");
        insert("running", "RUNNING", "Patient/p2");
        insert("received", "DONE", AnalysisJob.RECEIVED_PATIENT);
        insert("just-ended", "DONE", "Patient/p3", Instant.now());

        assertThat(reports.writeMissing()).isEqualTo(1);

        assertThat(jobs.get("missed").orElseThrow().reportRef()).isNotNull();
        assertThat(jobs.get("running").orElseThrow().reportRef()).isNull();
        assertThat(jobs.get("just-ended").orElseThrow().reportRef())
                .as("the writer thread is on it: the task does not race it")
                .isNull();
        assertThat(jobs.get("received").orElseThrow().reportRef())
                .as("a received study's report is written when a hook binds it to a patient")
                .isNull();
        assertThat(stored).hasSize(1);
    }

    @Test
    void aSubmittedReportIsWrittenOnTheWritersThread() throws Exception {
        insert("a-2", "DONE", "Patient/p1");

        reports.submit("a-2");
        reports.close(); // waits for the writer

        assertThat(jobs.get("a-2").orElseThrow().reportRef()).isEqualTo("DiagnosticReport/1");
    }

    @Test
    void aReportAskedForDuringAHookCallWaitsForItsAnswer() throws Exception {
        insert("a-3", "DONE", "Patient/p1");

        AfterAnswer.open();
        try {
            reports.submit("a-3");
            Thread.sleep(300);
            assertThat(stored)
                    .as("nothing written while the answer is being made")
                    .isEmpty();
        } finally {
            AfterAnswer.close();
        }
        reports.close(); // waits for the writer

        assertThat(jobs.get("a-3").orElseThrow().reportRef()).isEqualTo("DiagnosticReport/1");
    }

    @Test
    void aLaterWriteOfAReportWrittenMeanwhileDoesNothing() throws Exception {
        insert("a-4", "DONE", "Patient/p1");

        reports.submitLater("a-4", Duration.ofMillis(200));
        reports.submit("a-4");
        reports.close();

        assertThat(stored).hasSize(1);
        assertThat(jobs.get("a-4").orElseThrow().reportRef()).isEqualTo("DiagnosticReport/1");
    }

    private void insert(String id, String status, String patientRef) throws Exception {
        insert(id, status, patientRef, Instant.now().minusSeconds(60));
    }

    private void insert(String id, String status, String patientRef, Instant finished) throws Exception {
        StudyFindings findings = findings();
        String result = json.writeValueAsString(new AnalysisResult(findings, List.of(), 512, 512, List.of(), null));
        jdbc.sql("INSERT INTO app.analysis_job (id, study_uid, model_version, status, dicomweb_base, patient_ref,"
                        + " imaging_study_ref, created_at, finished_at, result_json) VALUES (?, ?, 'test-1', ?,"
                        + " 'http://127.0.0.1:1/', ?, 'ImagingStudy/s', ?, ?, ?)")
                .params(
                        id,
                        "1.2.3." + id.hashCode() % 1000,
                        status,
                        patientRef,
                        Timestamp.from(finished),
                        Timestamp.from(finished),
                        result)
                .update();
    }

    /** Findings of a real (if small) analysis: the warm-up's synthetic head through a fake model. */
    private StudyFindings findings() throws Exception {
        var model = FakeModelRunner.negative(64);
        var warmUp = new ServerWarmUp(
                new VolumeAnalyzer(model, new StudyAggregator(StudyAggregator.Options.defaults())),
                new StudyLoader(),
                transaction -> "{}",
                json,
                new ServerWarmUp.WarmUpProperties(0, 3));
        return warmUp.analyse(ServerWarmUp.syntheticSeries(3));
    }
}
