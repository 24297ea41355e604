package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The orchestration of analyses on a real (embedded H2) database with the project's Flyway migrations; the pipeline
 * is a stand-in because these tests are about jobs, not about the model.
 */
class AnalysisServiceTest {

    private static final StudyTarget STUDY = new StudyTarget(
            "1.2.3.4",
            URI.create("http://127.0.0.1:1/dicom-web"),
            "Patient/p",
            "ImagingStudy/s",
            List.of(new PatientBinding.Identifier("urn:mrn", "MRN-P")));

    private JdbcClient jdbc;
    private AnalysisJobs jobs;
    private final List<AnalysisService> services = new ArrayList<>();

    @BeforeEach
    void database() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:analysis-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("APP")
                .defaultSchema("APP")
                .locations("filesystem:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(dataSource);
        jobs = new AnalysisJobs(jdbc);
    }

    @AfterEach
    void stop() {
        services.forEach(AnalysisService::destroy);
    }

    private AnalysisService service(AnalysisPipeline pipeline, Duration budget, Duration lease) {
        AnalysisService service = new AnalysisService(
                jobs, pipeline, new AnalysisProperties(budget, 2, lease, Duration.ofSeconds(30), 3, Map.of()));
        services.add(service);
        return service;
    }

    @Test
    void theSameStudyUnderAnotherPatientIsAnotherAnalysis() {
        CountingPipeline pipeline = new CountingPipeline(Duration.ZERO);
        AnalysisService service = service(pipeline, Duration.ofSeconds(5), Duration.ofMinutes(1));
        StudyTarget otherPatient =
                new StudyTarget(STUDY.studyUid(), STUDY.dicomWebBase(), "Patient/q", "ImagingStudy/t", List.of());

        AnalysisJob first = service.request(STUDY);
        AnalysisJob second = service.request(otherPatient);
        AnalysisJob firstAgain = service.request(STUDY);

        assertThat(first.status()).isEqualTo(AnalysisJob.Status.DONE);
        assertThat(second.status()).isEqualTo(AnalysisJob.Status.DONE);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.patientRef()).isEqualTo("Patient/q");
        assertThat(second.imagingStudyRef()).isEqualTo("ImagingStudy/t");
        assertThat(firstAgain.id()).isEqualTo(first.id());
        assertThat(firstAgain.patientIdentifiers()).containsExactly(new PatientBinding.Identifier("urn:mrn", "MRN-P"));
        assertThat(pipeline.runs.get()).isEqualTo(2);
        assertThat(jobs.latestDoneId("Patient/q")).contains(second.id());
    }

    @Test
    void anAnalysisWithoutItsPatientIsRefused() {
        AnalysisService service =
                service(new CountingPipeline(Duration.ZERO), Duration.ofSeconds(5), Duration.ofMinutes(1));
        StudyTarget nobody = new StudyTarget(STUDY.studyUid(), STUDY.dicomWebBase(), null, "ImagingStudy/s", List.of());

        assertThatThrownBy(() -> service.request(nobody))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patient");
    }

    @Test
    void twentyConcurrentRequestsShareOneAnalysis() throws Exception {
        CountingPipeline pipeline = new CountingPipeline(Duration.ofMillis(300));
        AnalysisService service = service(pipeline, Duration.ofSeconds(5), Duration.ofMinutes(1));
        ExecutorService callers = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AnalysisJob>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(callers.submit(() -> {
                go.await();
                return service.request(STUDY);
            }));
        }
        go.countDown();
        for (Future<AnalysisJob> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(AnalysisJob.Status.DONE);
        }
        callers.shutdown();
        assertThat(pipeline.runs.get()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app.analysis_job")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(service.request(STUDY).resultJson()).isEqualTo("{\"run\":1}");
        assertThat(pipeline.runs.get()).isEqualTo(1);
    }

    @Test
    void answersWithinTheBudgetAndFinishesInTheBackground() throws Exception {
        CountingPipeline pipeline = new CountingPipeline(Duration.ofMillis(800));
        AnalysisService service = service(pipeline, Duration.ofMillis(50), Duration.ofMinutes(1));
        AnalysisJob first = service.request(STUDY);
        assertThat(first.status()).isIn(AnalysisJob.Status.QUEUED, AnalysisJob.Status.RUNNING);
        service.submit(first.id()).get(5, TimeUnit.SECONDS);
        AnalysisJob later = service.request(STUDY);
        assertThat(later.status()).isEqualTo(AnalysisJob.Status.DONE);
        assertThat(later.reportRef()).isEqualTo("DiagnosticReport/r1");
        assertThat(pipeline.runs.get()).isEqualTo(1);
    }

    @Test
    void failureIsStoredWithItsReasonAndRetriedWhenAskedAgain() {
        AtomicInteger calls = new AtomicInteger();
        AnalysisPipeline flaky = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target) throws Exception {
                if (calls.incrementAndGet() == 1) {
                    throw new java.io.IOException("PACS http://127.0.0.1:1 unreachable");
                }
                return super.run(id, target);
            }
        };
        AnalysisService service = service(flaky, Duration.ofSeconds(5), Duration.ofMinutes(1));
        AnalysisJob failed = service.request(STUDY);
        assertThat(failed.status()).isEqualTo(AnalysisJob.Status.FAILED);
        assertThat(failed.error()).isEqualTo("PACS http://127.0.0.1:1 unreachable");
        AnalysisJob retried = service.request(STUDY);
        assertThat(retried.status()).isEqualTo(AnalysisJob.Status.DONE);
        assertThat(retried.id()).isEqualTo(failed.id());
    }

    @Test
    void anAnalysisInterruptedByAShutdownIsResumedByTheNextStart() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AnalysisPipeline hanging = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target) throws Exception {
                never.await();
                return super.run(id, target);
            }
        };
        AnalysisService crashed = service(hanging, Duration.ofMillis(50), Duration.ofMillis(300));
        AnalysisJob abandoned = crashed.request(STUDY);
        assertThat(abandoned.status()).isEqualTo(AnalysisJob.Status.RUNNING);
        crashed.destroy(); // the server stops: the job goes back to the queue
        Thread.sleep(100);
        assertThat(jobs.get(abandoned.id()).orElseThrow().status()).isEqualTo(AnalysisJob.Status.QUEUED);

        CountingPipeline healthy = new CountingPipeline(Duration.ZERO);
        AnalysisService restarted = service(healthy, Duration.ofSeconds(5), Duration.ofMillis(300));
        restarted.resumeAbandoned();
        restarted.submit(abandoned.id()).get(5, TimeUnit.SECONDS);
        AnalysisJob resumed = jobs.get(abandoned.id()).orElseThrow();
        assertThat(resumed.status()).isEqualTo(AnalysisJob.Status.DONE);
        assertThat(resumed.attempts()).isEqualTo(2);
        assertThat(healthy.runs.get()).isEqualTo(1);
    }

    @Test
    void anAnalysisLeftRunningByACrashedServerIsTakenOverAfterItsLease() throws Exception {
        jdbc.sql("INSERT INTO app.analysis_job (id, study_uid, model_version, status, dicomweb_base, patient_ref,"
                        + " owner, heartbeat_at, attempts, created_at) VALUES ('job-1', '1.2.3.4', 'test-1', 'RUNNING',"
                        + " 'http://127.0.0.1:1/dicom-web', 'Patient/p', 'crashed', ?, 1, ?)")
                .params(
                        java.sql.Timestamp.from(java.time.Instant.now()),
                        java.sql.Timestamp.from(java.time.Instant.now()))
                .update();
        CountingPipeline healthy = new CountingPipeline(Duration.ZERO);
        AnalysisService restarted = service(healthy, Duration.ofSeconds(5), Duration.ofMillis(300));
        restarted.resumeAbandoned();
        assertThat(healthy.runs.get()).isZero(); // the owner's heartbeat is fresh: not taken over yet
        Thread.sleep(400); // longer than the lease
        restarted.resumeAbandoned();
        restarted.submit("job-1").get(5, TimeUnit.SECONDS);
        assertThat(jobs.get("job-1").orElseThrow().status()).isEqualTo(AnalysisJob.Status.DONE);
        assertThat(healthy.runs.get()).isEqualTo(1);
    }

    /** A pipeline that takes a fixed time and counts its runs. */
    static class CountingPipeline implements AnalysisPipeline {
        final AtomicInteger runs = new AtomicInteger();
        private final Duration work;

        CountingPipeline(Duration work) {
            this.work = work;
        }

        @Override
        public String modelVersion() {
            return "test-1";
        }

        @Override
        public PipelineResult run(String id, StudyTarget target) throws Exception {
            Thread.sleep(work.toMillis());
            int run = runs.incrementAndGet();
            return new PipelineResult("{\"run\":" + run + "}", "DiagnosticReport/r" + run, new Timings(1, 2, 3, 4));
        }
    }
}
