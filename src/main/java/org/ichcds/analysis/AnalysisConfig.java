package org.ichcds.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.hl7.fhir.r4.model.Bundle;
import org.ichcds.dicom.StudyLoader;
import org.ichcds.fhir.FhirResultStore;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.StudyAggregator;
import org.ichcds.writeback.PacsWriteback;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Study analysis, switched on when a model is configured ({@code ichcds.inference.model-dir}): without a model the
 * server still serves FHIR, and the study-complete service is not offered. The analysis task is a bean, so
 * db-scheduler's Spring Boot starter runs it (settings {@code db-scheduler.*}, drawn from {@code ichcds.analysis.*} in
 * application.yaml).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "ichcds.inference", name = "model-dir")
class AnalysisConfig {

    @Bean
    StudyPipeline studyPipeline(
            DicomWebAccess dicomWeb,
            ModelRunner model,
            StudyAggregator aggregator,
            ObjectMapper json,
            AnalysisProperties properties,
            ObjectProvider<ReceivedStudySource> received,
            ObjectProvider<PacsWriteback> writeback) {
        return new StudyPipeline(
                dicomWeb,
                model,
                aggregator,
                json,
                new PatientBinding(properties.patientIdIssuers()),
                received.getIfAvailable(),
                writeback.getIfAvailable());
    }

    /** The pipeline the service runs: the study pipeline, measured. */
    @Bean
    @Primary
    AnalysisPipeline analysisPipeline(StudyPipeline pipeline, MeterRegistry meters) {
        return new MeteredPipeline(pipeline, meters);
    }

    @Bean
    ResultDelivery resultDelivery(JdbcClient jdbc, FhirResultStore store, ResultDelivery.OutboxProperties properties) {
        ResultDelivery.EhrServer ehr = !store.ehrConfigured()
                ? null
                : new ResultDelivery.EhrServer() {
                    @Override
                    public String encode(Bundle transaction) {
                        return store.encode(transaction);
                    }

                    @Override
                    public void send(String transactionJson) throws IOException {
                        store.deliverToEhr(transactionJson);
                    }
                };
        return new ResultDelivery(jdbc, store::save, ehr, properties);
    }

    @Bean
    RecurringTask<Void> ehrOutboxTask(ResultDelivery delivery) {
        return delivery.task();
    }

    /** The synthetic analyses that run before the server reports ready ({@code ichcds.analysis.warm-up.*}). */
    @Bean
    ServerWarmUp serverWarmUp(
            ModelRunner model,
            StudyAggregator aggregator,
            DicomWebAccess dicomWeb,
            FhirResultStore store,
            ObjectMapper json,
            ServerWarmUp.WarmUpProperties properties) {
        return new ServerWarmUp(
                new VolumeAnalyzer(model, aggregator),
                new StudyLoader(dicomWeb.limits()),
                store::encode,
                json,
                properties);
    }

    /** The model's Device, stored before the server reports ready, so that the reports find it. */
    @Bean
    ModelDeviceRegistration modelDeviceRegistration(ModelRunner model, FhirResultStore store) {
        return new ModelDeviceRegistration(model.manifest(), store::execute);
    }

    @Bean
    AnalysisWaiters analysisWaiters() {
        return new AnalysisWaiters();
    }

    @Bean(destroyMethod = "close")
    AnalysisRunner analysisRunner(
            AnalysisJobs jobs,
            AnalysisPipeline pipeline,
            AnalysisProperties properties,
            AnalysisWaiters waiters,
            PendingReports reports) {
        return new AnalysisRunner(jobs, pipeline, properties, waiters, reports);
    }

    @Bean
    OneTimeTask<Void> analysisTask(AnalysisRunner runner) {
        return runner.task();
    }

    @Bean
    AnalysisService analysisService(
            AnalysisJobs jobs,
            SchedulerClient scheduler,
            AnalysisWaiters waiters,
            AnalysisPipeline pipeline,
            AnalysisProperties properties,
            ReceivedBinding received,
            PendingReports reports) {
        return new AnalysisService(jobs, scheduler, waiters, pipeline.modelVersion(), properties, received, reports);
    }

    @Bean
    ReceivedBinding receivedBinding(
            AnalysisJobs jobs,
            PendingReports reports,
            ObjectMapper json,
            AnalysisPipeline pipeline,
            AnalysisProperties properties) {
        return new ReceivedBinding(
                jobs, reports, json, new PatientBinding(properties.patientIdIssuers()), pipeline.modelVersion());
    }

    /** Reports written after the answer, and the task that writes those still missing (every outbox interval). */
    @Bean(destroyMethod = "close")
    PendingReports pendingReports(
            AnalysisJobs jobs,
            ResultDelivery results,
            ObjectMapper json,
            ResultDelivery.OutboxProperties outbox,
            MeterRegistry meters) {
        return new PendingReports(jobs, results, json, outbox.interval(), meters);
    }

    @Bean
    RecurringTask<Void> pendingReportsTask(PendingReports reports) {
        return reports.task();
    }
}
