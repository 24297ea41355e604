package org.ichcds.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.ichcds.fhir.FhirResultStore;
import org.ichcds.inference.ModelRunner;
import org.ichcds.inference.StudyAggregator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Study analysis, switched on when a model is configured ({@code ichcds.inference.model-dir}): without a model the
 * server still serves FHIR, and the study-complete service is not offered.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "ichcds.inference", name = "model-dir")
@EnableScheduling
class AnalysisConfig {

    @Bean
    StudyPipeline studyPipeline(
            DicomWebAccess dicomWeb,
            ModelRunner model,
            StudyAggregator aggregator,
            FhirResultStore results,
            ObjectMapper json,
            AnalysisProperties properties) {
        return new StudyPipeline(
                dicomWeb, model, aggregator, results, json, new PatientBinding(properties.patientIdIssuers()));
    }

    /** The pipeline the service runs: the study pipeline, measured. */
    @Bean
    @Primary
    AnalysisPipeline analysisPipeline(StudyPipeline pipeline, MeterRegistry meters) {
        return new MeteredPipeline(pipeline, meters);
    }

    @Bean
    AnalysisService analysisService(AnalysisJobs jobs, AnalysisPipeline pipeline, AnalysisProperties properties) {
        return new AnalysisService(jobs, pipeline, properties);
    }

    @Bean
    AnalysisResumer analysisResumer(AnalysisService analyses) {
        return new AnalysisResumer(analyses);
    }
}
