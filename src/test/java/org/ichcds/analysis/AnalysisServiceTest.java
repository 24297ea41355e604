package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.ichcds.reporting.FailureReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The orchestration of analyses on a real (embedded H2) database with the project's Flyway migrations and a real
 * db-scheduler; the pipeline is a stand-in because these tests are about jobs, not about the model.
 */
class AnalysisServiceTest {

    private static final StudyTarget STUDY = new StudyTarget(
            "1.2.3.4",
            URI.create("http://127.0.0.1:1/dicom-web"),
            "Patient/p",
            "ImagingStudy/s",
            List.of(new PatientBinding.Identifier("urn:mrn", "MRN-P")));
    private static final Duration LONG = Duration.ofSeconds(30);

    private JdbcDataSource dataSource;
    private JdbcClient jdbc;
    private AnalysisJobs jobs;
    private final List<AnalysisNode> nodes = new ArrayList<>();

    @BeforeEach
    void database() {
        dataSource = new JdbcDataSource();
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
        nodes.forEach(AnalysisNode::close);
    }

    private AnalysisService service(AnalysisPipeline pipeline, Duration budget) {
        return node("node-" + nodes.size(), pipeline, AnalysisNode.properties(budget, 2, LONG, 3)).service;
    }

    private AnalysisNode node(String name, AnalysisPipeline pipeline, AnalysisProperties properties) {
        AnalysisNode node = new AnalysisNode(dataSource, name, pipeline, properties);
        nodes.add(node);
        return node;
    }

    @Test
    void theSameStudyUnderAnotherPatientIsAnotherAnalysis() {
        CountingPipeline pipeline = new CountingPipeline(Duration.ZERO);
        AnalysisService service = service(pipeline, Duration.ofSeconds(5));
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
        AnalysisService service = service(new CountingPipeline(Duration.ZERO), Duration.ofSeconds(5));
        StudyTarget nobody = new StudyTarget(STUDY.studyUid(), STUDY.dicomWebBase(), null, "ImagingStudy/s", List.of());

        assertThatThrownBy(() -> service.request(nobody))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patient");
    }

    @Test
    void twentyConcurrentRequestsShareOneAnalysis() throws Exception {
        CountingPipeline pipeline = new CountingPipeline(Duration.ofMillis(300));
        AnalysisService service = service(pipeline, Duration.ofSeconds(5));
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
        assertThat(count("SELECT COUNT(*) FROM app.analysis_job")).isEqualTo(1);
        assertThat(service.request(STUDY).resultJson()).isEqualTo("{\"run\":1}");
        assertThat(pipeline.runs.get()).isEqualTo(1);
        // the execution ends with the job: db-scheduler removes its row once the handler has returned, just after the
        // job became DONE, so it is waited for rather than expected at once
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count("SELECT COUNT(*) FROM app.scheduled_tasks") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count("SELECT COUNT(*) FROM app.scheduled_tasks")).isZero();
    }

    @Test
    void answersWithinTheBudgetAndFinishesInTheBackground() throws Exception {
        CountingPipeline pipeline = new CountingPipeline(Duration.ofMillis(800));
        AnalysisService service = service(pipeline, Duration.ofMillis(50));
        AnalysisJob first = service.request(STUDY);
        assertThat(first.status()).isIn(AnalysisJob.Status.QUEUED, AnalysisJob.Status.RUNNING);
        AnalysisJob later = awaitJob(first.id(), job -> job.status() == AnalysisJob.Status.DONE);
        assertThat(later.reportRef()).isEqualTo("DiagnosticReport/r1");
        assertThat(service.request(STUDY).status()).isEqualTo(AnalysisJob.Status.DONE);
        assertThat(pipeline.runs.get()).isEqualTo(1);
    }

    @Test
    void aFailureThatMayPassIsRetriedAfterABackoffUntilItSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AnalysisPipeline flaky = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
                if (calls.incrementAndGet() == 1) {
                    throw new IOException("PACS http://127.0.0.1:1 unreachable");
                }
                return super.run(id, target, attempt);
            }
        };
        AnalysisService service = service(flaky, Duration.ofSeconds(5));
        AnalysisJob first = service.request(STUDY);
        AnalysisJob done = awaitJob(first.id(), job -> job.status() == AnalysisJob.Status.DONE);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.error()).isNull();
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aFailureThatKeepsRecurringEndsFailedAtTheCapAndAskingAgainDoesNotRunItAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AnalysisPipeline unreachable = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
                calls.incrementAndGet();
                throw new IOException("PACS http://127.0.0.1:1 unreachable");
            }
        };
        AnalysisService service = service(unreachable, Duration.ofSeconds(5));
        AnalysisJob first = service.request(STUDY);
        AnalysisJob failed = awaitJob(first.id(), job -> job.status() == AnalysisJob.Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).isEqualTo("PACS http://127.0.0.1:1 unreachable");
        assertThat(failed.errorKind()).isEqualTo(FailureReason.ANALYSIS_ERROR.name());

        for (int i = 0; i < 5; i++) { // the hook fires again and again
            AnalysisJob answered = service.request(STUDY);
            assertThat(answered.status()).isEqualTo(AnalysisJob.Status.FAILED);
            assertThat(answered.error()).isEqualTo("PACS http://127.0.0.1:1 unreachable");
        }
        Thread.sleep(500); // ten backoffs: any execution left would have run
        assertThat(calls.get()).isEqualTo(3);
        assertThat(jobs.get(first.id()).orElseThrow().attempts()).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM app.scheduled_tasks")).isZero();
    }

    @Test
    void outOfMemoryEndsTheAttemptFailedWithItsReasonAndIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AnalysisPipeline greedy = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) {
                calls.incrementAndGet();
                throw new OutOfMemoryError("Java heap space");
            }
        };
        AnalysisService service = service(greedy, Duration.ofSeconds(5));
        AnalysisJob failed = service.request(STUDY);
        assertThat(failed.status()).isEqualTo(AnalysisJob.Status.FAILED);
        assertThat(failed.error()).isEqualTo("out of memory: Java heap space");
        assertThat(failed.errorKind()).isEqualTo(FailureReason.ANALYSIS_ERROR.name());

        for (int i = 0; i < 3; i++) {
            assertThat(service.request(STUDY).status()).isEqualTo(AnalysisJob.Status.FAILED);
        }
        Thread.sleep(500);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(jobs.get(failed.id()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void anAttemptPastItsDeadlineFailsWithThatReasonAndWritesNothing() throws Exception {
        CountingPipeline slowPacs = new CountingPipeline(Duration.ofMillis(1_500));
        AnalysisNode node =
                node("node", slowPacs, AnalysisNode.properties(Duration.ofSeconds(5), 2, Duration.ofMillis(300), 3));
        AnalysisJob failed = node.service.request(STUDY);
        assertThat(failed.status()).isEqualTo(AnalysisJob.Status.FAILED);
        assertThat(failed.errorKind()).isEqualTo(FailureReason.TIMED_OUT.name());
        assertThat(failed.error()).isEqualTo("did not finish within its deadline of 300 ms");
        Thread.sleep(1_800); // the interrupted pipeline would have reached its write by now
        assertThat(slowPacs.writes.get()).isZero();
        assertThat(jobs.get(failed.id()).orElseThrow().status()).isEqualTo(AnalysisJob.Status.FAILED);
        assertThat(jobs.get(failed.id()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void aSlowPacsHoldsOnlyItsOwnAnalysis() throws Exception {
        CountDownLatch pacsAnswers = new CountDownLatch(1);
        CountingPipeline pipeline = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
                if (target.studyUid().equals("9.9.9")) {
                    pacsAnswers.await();
                }
                return super.run(id, target, attempt);
            }
        };
        AnalysisService service = service(pipeline, Duration.ofMillis(100));
        StudyTarget onSlowPacs = new StudyTarget(
                "9.9.9", URI.create("http://127.0.0.2:1/dicom-web"), "Patient/s", "ImagingStudy/slow", List.of());
        AnalysisJob slow = service.request(onSlowPacs);
        assertThat(slow.status()).isIn(AnalysisJob.Status.QUEUED, AnalysisJob.Status.RUNNING);

        AnalysisJob other = awaitJob(service.request(STUDY).id(), job -> job.status() == AnalysisJob.Status.DONE);
        assertThat(other.studyUid()).isEqualTo(STUDY.studyUid());
        assertThat(jobs.get(slow.id()).orElseThrow().status()).isEqualTo(AnalysisJob.Status.RUNNING);
        pacsAnswers.countDown();
        awaitJob(slow.id(), job -> job.status() == AnalysisJob.Status.DONE);
    }

    @Test
    void anExecutionRevivedElsewhereTakesTheJobAndTheStalledAttemptWritesNothing() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountingPipeline hanging = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
                stalled.await(); // e.g. a long GC pause: no heartbeat from this server meanwhile
                return super.run(id, target, attempt);
            }
        };
        // heartbeats far apart: to the other server this one's execution soon looks dead
        AnalysisNode stalling = node(
                "stalling",
                hanging,
                new AnalysisProperties(
                        Duration.ofMillis(50),
                        1,
                        LONG,
                        3,
                        Duration.ofMillis(50),
                        Duration.ofSeconds(60),
                        Duration.ofMillis(300),
                        java.util.Map.of()));
        AnalysisJob job = stalling.service.request(STUDY);
        awaitJob(job.id(), j -> j.status() == AnalysisJob.Status.RUNNING);

        CountingPipeline healthy = new CountingPipeline(Duration.ZERO);
        node("healthy", healthy, AnalysisNode.properties(Duration.ofMillis(50), 1, LONG, 3));
        AnalysisJob done = awaitJob(job.id(), j -> j.status() == AnalysisJob.Status.DONE);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(healthy.writes.get()).isEqualTo(1);

        stalled.countDown(); // the stalled attempt wakes up and would write its results now
        Thread.sleep(500);
        assertThat(hanging.runs.get()).isZero();
        assertThat(hanging.writes.get()).isZero();
        assertThat(jobs.get(job.id()).orElseThrow().resultJson()).isEqualTo("{\"run\":1}");
    }

    @Test
    void aResultArrivingAfterTheJobWasTakenOverIsDropped() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        AnalysisPipeline ignoresItsAttempt = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
                stalled.await();
                return new PipelineResult("{\"late\":true}", "DiagnosticReport/late", new Timings(1, 2, 3, 4));
            }
        };
        AnalysisService service = service(ignoresItsAttempt, Duration.ofMillis(50));
        AnalysisJob job = service.request(STUDY);
        awaitJob(job.id(), j -> j.status() == AnalysisJob.Status.RUNNING);
        assertThat(jobs.claim(job.id(), "another-attempt")).isTrue(); // what a revived execution's attempt does
        stalled.countDown();
        Thread.sleep(500);
        AnalysisJob after = jobs.get(job.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(AnalysisJob.Status.RUNNING);
        assertThat(after.resultJson()).isNull();
        assertThat(after.attempts()).isEqualTo(2);
    }

    @Test
    void anAnalysisInterruptedByAShutdownIsResumedByAnotherServer() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AnalysisPipeline hanging = new CountingPipeline(Duration.ZERO) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
                never.await();
                return super.run(id, target, attempt);
            }
        };
        AnalysisNode stopping = node("stopping", hanging, AnalysisNode.properties(Duration.ofMillis(50), 1, LONG, 3));
        AnalysisJob job = stopping.service.request(STUDY);
        awaitJob(job.id(), j -> j.status() == AnalysisJob.Status.RUNNING);
        stopping.close(); // waits its shutdown grace, then cuts the attempt short and hands the execution back
        nodes.remove(stopping);
        AnalysisJob handedBack = jobs.get(job.id()).orElseThrow();
        assertThat(handedBack.status()).isEqualTo(AnalysisJob.Status.QUEUED);
        assertThat(handedBack.error()).isEqualTo("the server stopped during the analysis");

        CountingPipeline healthy = new CountingPipeline(Duration.ZERO);
        node("restarted", healthy, AnalysisNode.properties(Duration.ofMillis(50), 1, LONG, 3));
        AnalysisJob resumed = awaitJob(job.id(), j -> j.status() == AnalysisJob.Status.DONE);
        assertThat(resumed.attempts()).isEqualTo(2);
        assertThat(healthy.runs.get()).isEqualTo(1);
    }

    @Test
    void unfinishedJobsGetTheirExecutionAtStartupAndAJobOutOfAttemptsEndsFailed() throws Exception {
        insertJob("job-waiting", "1.2.3.4", 1);
        insertJob("job-spent", "1.2.3.5", 3); // three attempts all cut short (e.g. the JVM killed each time)
        CountingPipeline healthy = new CountingPipeline(Duration.ZERO);
        AnalysisNode node = node("started", healthy, AnalysisNode.properties(Duration.ofMillis(50), 1, LONG, 3));
        node.service.scheduleUnfinished();

        assertThat(awaitJob("job-waiting", j -> j.status() == AnalysisJob.Status.DONE)
                        .attempts())
                .isEqualTo(2);
        AnalysisJob spent = awaitJob("job-spent", j -> j.status() == AnalysisJob.Status.FAILED);
        assertThat(spent.error()).isEqualTo("stopped after 3 attempts without finishing");
        assertThat(spent.attempts()).isEqualTo(3);
        assertThat(healthy.runs.get()).isEqualTo(1);
    }

    private void insertJob(String id, String studyUid, int attempts) {
        jdbc.sql("INSERT INTO app.analysis_job (id, study_uid, model_version, status, dicomweb_base, patient_ref,"
                        + " attempts, created_at) VALUES (?, ?, 'test-1', 'RUNNING', 'http://127.0.0.1:1/dicom-web',"
                        + " 'Patient/p', ?, ?)")
                .params(id, studyUid, attempts, java.sql.Timestamp.from(java.time.Instant.now()))
                .update();
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private AnalysisJob awaitJob(String id, Predicate<AnalysisJob> condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        AnalysisJob job = jobs.get(id).orElseThrow();
        while (!condition.test(job)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("analysis " + id + " stayed " + job.status() + " (" + job.error() + ")");
            }
            Thread.sleep(20);
            job = jobs.get(id).orElseThrow();
        }
        return job;
    }

    /** A pipeline that takes a fixed time, counts its runs, and writes its result only while its attempt may. */
    static class CountingPipeline implements AnalysisPipeline {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        private final Duration work;

        CountingPipeline(Duration work) {
            this.work = work;
        }

        @Override
        public String modelVersion() {
            return "test-1";
        }

        @Override
        public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
            sleepThrough(work);
            attempt.mayContinue(); // as StudyPipeline does before writing the FHIR results
            writes.incrementAndGet();
            int run = runs.incrementAndGet();
            return new PipelineResult("{\"run\":" + run + "}", "DiagnosticReport/r" + run, new Timings(1, 2, 3, 4));
        }

        // like a blocking socket read, an interrupt does not end the wait early (it is kept for the attempt to see)
        private static void sleepThrough(Duration work) {
            long until = System.nanoTime() + work.toNanos();
            boolean interrupted = false;
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
