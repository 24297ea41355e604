package org.ichcds.analysis;

/**
 * The work of one analysis: load the study, preprocess, predict, write the FHIR results. The orchestration
 * ({@link AnalysisService}) knows nothing of how; it runs the pipeline once per study and model version.
 */
interface AnalysisPipeline {

    /** The version of the model the pipeline runs; analyses are idempotent per study and this version. */
    String modelVersion();

    /**
     * Runs the analysis.
     *
     * @param analysisId the id of the analysis (stable across retries and restarts)
     * @param target the study
     * @param attempt asked before results are written: it throws when the attempt may no longer write them
     * @return the result to store
     * @throws Exception with a message a person can act on when the study cannot be analysed
     */
    PipelineResult run(String analysisId, StudyTarget target, Attempt attempt) throws Exception;

    /** The attempt running a pipeline, asked between stages whether it may go on. */
    interface Attempt {

        /**
         * Returns when the attempt may go on.
         *
         * @throws AttemptStoppedException when its deadline passed or another attempt took the job over
         */
        void mayContinue() throws AttemptStoppedException;
    }

    /**
     * What an analysis produced.
     *
     * @param resultJson the study-level findings as JSON (read back by the hooks and the viewer)
     * @param reportRef the FHIR DiagnosticReport written, e.g. {@code DiagnosticReport/123}
     */
    record PipelineResult(String resultJson, String reportRef, Timings timings) {}

    /** Milliseconds spent per stage. */
    record Timings(long loadMs, long preprocessMs, long inferMs, long reportMs) {}
}
