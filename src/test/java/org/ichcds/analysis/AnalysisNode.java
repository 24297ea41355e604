package org.ichcds.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One server's analysis machinery, as {@code AnalysisConfig} and db-scheduler's starter wire it, without Spring: the
 * job table, a real db-scheduler on the given database, the runner and the service. Several nodes on one database are
 * several replicas.
 */
final class AnalysisNode implements AutoCloseable {

    final AnalysisJobs jobs;
    final AnalysisRunner runner;
    final Scheduler scheduler;
    final AnalysisService service;
    final PendingReports reports;

    AnalysisNode(DataSource dataSource, String name, AnalysisPipeline pipeline, AnalysisProperties properties) {
        this(dataSource, name, pipeline, properties, false);
    }

    AnalysisNode(
            DataSource dataSource,
            String name,
            AnalysisPipeline pipeline,
            AnalysisProperties properties,
            boolean lockAndFetch) {
        jobs = new AnalysisJobs(JdbcClient.create(dataSource));
        AnalysisWaiters waiters = new AnalysisWaiters();
        // the tests' pipelines store no results: the reports written after the answer have nowhere to go
        ResultDelivery nowhere = new ResultDelivery(
                JdbcClient.create(dataSource),
                bundle -> {
                    throw new IllegalStateException("these tests write no DiagnosticReport");
                },
                null,
                new ResultDelivery.OutboxProperties(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        reports =
                new PendingReports(jobs, nowhere, new ObjectMapper(), Duration.ofSeconds(1), new SimpleMeterRegistry());
        runner = new AnalysisRunner(jobs, pipeline, properties, waiters, reports);
        var builder = Scheduler.create(dataSource, runner.task())
                .schedulerName(new SchedulerName.Fixed(name))
                .tableName("app.scheduled_tasks")
                .threads(properties.workers())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(4)
                .pollingInterval(Duration.ofMillis(200))
                .enableImmediateExecution()
                .shutdownMaxWait(properties.shutdownGrace())
                .alwaysPersistTimestampInUTC()
                .failureLogging(LogLevel.DEBUG, false);
        if (lockAndFetch) {
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        scheduler = builder.build();
        scheduler.start();
        service = new AnalysisService(jobs, scheduler, waiters, pipeline.modelVersion(), properties);
    }

    /** Settings for tests: short backoff and heartbeats, as given otherwise. */
    static AnalysisProperties properties(Duration budget, int workers, Duration deadline, int maxAttempts) {
        return new AnalysisProperties(
                budget,
                workers,
                deadline,
                maxAttempts,
                Duration.ofMillis(50),
                Duration.ofMillis(500),
                Duration.ofMillis(300),
                Map.of());
    }

    @Override
    public void close() {
        scheduler.stop();
        runner.close();
        reports.close();
    }
}
