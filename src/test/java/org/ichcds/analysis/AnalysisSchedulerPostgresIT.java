package org.ichcds.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.ichcds.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two servers' schedulers on the machine's PostgreSQL (127.0.0.1:5432, trust authentication), in a database made for
 * this test and dropped afterwards: every analysis requested on both at once runs once, on one of them.
 */
class AnalysisSchedulerPostgresIT {

    private static PostgresTestDatabase database;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void database() throws SQLException {
        database = PostgresTestDatabase.create("ichcds_jobs");
        dataSource = database.dataSource();
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("app")
                .defaultSchema("app")
                .locations("filesystem:db/migration")
                .load()
                .migrate();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void twoServersOnOneDatabaseRunEachAnalysisOnce() throws Exception {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        AnalysisProperties properties = AnalysisNode.properties(Duration.ofMillis(100), 2, Duration.ofSeconds(30), 3);
        try (AnalysisNode first = new AnalysisNode(dataSource, "first", new Recording(runs), properties, true);
                AnalysisNode second = new AnalysisNode(dataSource, "second", new Recording(runs), properties, true)) {
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<AnalysisJob>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                StudyTarget study = new StudyTarget(
                        "1.2.840.99." + i,
                        URI.create("http://127.0.0.1:1/dicom-web"),
                        "Patient/p" + i,
                        "ImagingStudy/s" + i,
                        List.of());
                // the same study asked of both servers at once, as two EHR calls through a balancer would
                answers.add(callers.submit(() -> first.service.request(study)));
                answers.add(callers.submit(() -> second.service.request(study)));
            }
            for (Future<AnalysisJob> answer : answers) {
                answer.get(30, TimeUnit.SECONDS);
            }
            callers.shutdown();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(jdbc, "SELECT COUNT(*) FROM app.analysis_job WHERE status = 'DONE'") < 20
                    && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertThat(count(jdbc, "SELECT COUNT(*) FROM app.analysis_job")).isEqualTo(20);
            assertThat(count(jdbc, "SELECT COUNT(*) FROM app.analysis_job WHERE status = 'DONE' AND attempts = 1"))
                    .isEqualTo(20);
            assertThat(runs).hasSize(20);
            assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            assertThat(count(jdbc, "SELECT COUNT(*) FROM app.scheduled_tasks")).isZero();
        }
    }

    @Test
    void anExecutionWhoseServerStopsSendingHeartbeatsIsTakenOverAndTheStalledAttemptWritesNothing() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        Map<String, AtomicInteger> stalledWrites = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> healthyWrites = new ConcurrentHashMap<>();
        AnalysisPipeline hanging = new Recording(stalledWrites) {
            @Override
            public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
                stalled.await(); // a server that stopped answering: no heartbeat meanwhile
                return super.run(id, target, attempt);
            }
        };
        // heartbeats a minute apart: to the other server, this one's execution soon looks dead
        AnalysisProperties rare = new AnalysisProperties(
                Duration.ofMillis(50),
                1,
                Duration.ofSeconds(30),
                3,
                Duration.ofMillis(50),
                Duration.ofMinutes(1),
                Duration.ofMillis(300),
                Map.of());
        StudyTarget study = new StudyTarget(
                "1.2.840.99.100", URI.create("http://127.0.0.1:1/dicom-web"), "Patient/t", "ImagingStudy/t", List.of());
        JdbcClient jdbc = JdbcClient.create(dataSource);
        try (AnalysisNode stalling = new AnalysisNode(dataSource, "stalling", hanging, rare, true)) {
            String id = stalling.service.request(study).id();
            try (AnalysisNode healthy = new AnalysisNode(
                    dataSource,
                    "healthy",
                    new Recording(healthyWrites),
                    AnalysisNode.properties(Duration.ofMillis(50), 1, Duration.ofSeconds(30), 3),
                    true)) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!"DONE".equals(status(jdbc, id)) && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertThat(status(jdbc, id)).isEqualTo("DONE");
                stalled.countDown();
                Thread.sleep(500);
            }
            assertThat(healthyWrites).containsOnlyKeys(id);
            assertThat(stalledWrites).isEmpty();
            assertThat(jdbc.sql("SELECT attempts FROM app.analysis_job WHERE id = ?")
                            .param(id)
                            .query(Integer.class)
                            .single())
                    .isEqualTo(2);
        }
    }

    private static String status(JdbcClient jdbc, String id) {
        return jdbc.sql("SELECT status FROM app.analysis_job WHERE id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    /** A pipeline that takes a little while and records which analyses it ran. */
    private static class Recording implements AnalysisPipeline {
        private final Map<String, AtomicInteger> runs;

        Recording(Map<String, AtomicInteger> runs) {
            this.runs = runs;
        }

        @Override
        public String modelVersion() {
            return "test-1";
        }

        @Override
        public PipelineResult run(String id, StudyTarget target, Attempt attempt) throws Exception {
            Thread.sleep(150);
            attempt.mayContinue();
            runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return new PipelineResult("{}", "DiagnosticReport/" + id, new Timings(1, 2, 3, 4));
        }
    }

    private static int count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }
}
