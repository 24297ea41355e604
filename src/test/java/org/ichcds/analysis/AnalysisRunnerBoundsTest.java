package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The threads of analysis pipelines are bounded: pipelines stopped at their deadline that do not return (a read that
 * ignores interruption) hold their thread, and once they hold all of them a new analysis waits QUEUED, without using
 * an attempt, and runs when a thread is free again.
 */
class AnalysisRunnerBoundsTest {

    private JdbcDataSource dataSource;
    private AnalysisNode node;

    @BeforeEach
    void database() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:bounds-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("APP")
                .defaultSchema("APP")
                .locations("filesystem:db/migration")
                .load()
                .migrate();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void stuckPipelinesHoldAtMostTwiceTheWorkersAndANewAnalysisWaitsForAThread() throws Exception {
        CountDownLatch unstick = new CountDownLatch(1);
        StuckPipeline pipeline = new StuckPipeline(unstick);
        // one worker: two pipeline threads; each attempt's deadline is 200 ms
        node = new AnalysisNode(
                dataSource,
                "bounds",
                pipeline,
                AnalysisNode.properties(Duration.ofSeconds(1), 1, Duration.ofMillis(200), 3));
        try {
            assertThat(node.service.request(study("stuck-1")).status()).isEqualTo(AnalysisJob.Status.FAILED);
            assertThat(node.service.request(study("stuck-2")).status()).isEqualTo(AnalysisJob.Status.FAILED);
            assertThat(node.runner.pipelinesRunning()).isEqualTo(2);

            AnalysisJob waiting = node.service.request(study("fine"));

            assertThat(waiting.status()).isEqualTo(AnalysisJob.Status.QUEUED);
            assertThat(waiting.attempts()).isZero();
            assertThat(pipeline.started("fine")).isFalse();
            assertThat(node.runner.pipelinesRunning()).isEqualTo(2);
        } finally {
            unstick.countDown();
        }
        AnalysisJob done = await(study("fine"), j -> j.status() == AnalysisJob.Status.DONE);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(node.runner.pipelinesRunning()).isZero();
    }

    private AnalysisJob await(StudyTarget target, Predicate<AnalysisJob> condition) throws InterruptedException {
        AnalysisJobs jobs = new AnalysisJobs(JdbcClient.create(dataSource));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        AnalysisJob job =
                jobs.find(target.studyUid(), "test-1", target.patientRef()).orElseThrow();
        while (!condition.test(job) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = jobs.get(job.id()).orElseThrow();
        }
        return job;
    }

    private static StudyTarget study(String uid) {
        return new StudyTarget(
                uid, URI.create("http://127.0.0.1:1/dicom-web"), "Patient/p", "ImagingStudy/" + uid, List.of());
    }

    /** Studies named stuck-* block until released, deaf to interruption; the others are analysed at once. */
    private static final class StuckPipeline extends AnalysisServiceTest.CountingPipeline {
        private final CountDownLatch unstick;
        private final java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();

        StuckPipeline(CountDownLatch unstick) {
            super(Duration.ZERO);
            this.unstick = unstick;
        }

        boolean started(String uid) {
            return started.contains(uid);
        }

        @Override
        public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
            started.add(target.studyUid());
            if (target.studyUid().startsWith("stuck")) {
                boolean interrupted = false;
                while (true) {
                    try {
                        unstick.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.run(id, target, attempt);
        }
    }
}
