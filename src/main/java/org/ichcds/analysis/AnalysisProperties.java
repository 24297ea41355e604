package org.ichcds.analysis;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of study analysis ({@code ichcds.analysis.*}).
 *
 * @param timeBudget how long a hook waits for an analysis before answering "analysis in progress"
 * @param workers analyses run at the same time in this server (db-scheduler's threads)
 * @param deadline how long one attempt of an analysis may take; past it the attempt ends FAILED
 * @param maxAttempts attempts of one analysis, whatever starts them (first request, retry, takeover after a crash)
 * @param retryBackoff the wait before the first retry of a failure that may pass; doubled for each further retry
 * @param heartbeatInterval how often a running analysis's execution sends a heartbeat; after 6 missed ones another
 *     server (or a restart) takes it over
 * @param shutdownGrace how long analyses running when the server stops get to finish; the ones still running then are
 *     stopped and handed back (their job QUEUED again, run by another replica or after the restart), and the hook
 *     calls in flight get as long to be answered
 * @param patientIdIssuers IssuerOfPatientID values of the images mapped to the Patient.identifier system they stand
 *     for, for sites whose two differ (see {@link PatientBinding})
 */
@ConfigurationProperties("ichcds.analysis")
record AnalysisProperties(
        @DefaultValue("450ms") Duration timeBudget,
        @DefaultValue("2") int workers,
        @DefaultValue("2m") Duration deadline,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration retryBackoff,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration shutdownGrace,
        Map<String, String> patientIdIssuers) {

    public AnalysisProperties {
        if (workers < 1) {
            throw new IllegalArgumentException("ichcds.analysis.workers must be at least 1, was " + workers);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ichcds.analysis.max-attempts must be at least 1, was " + maxAttempts);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("ichcds.analysis.deadline must be positive, was " + deadline);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "ichcds.analysis.shutdown-grace must not be negative, was " + shutdownGrace);
        }
        patientIdIssuers = Map.copyOf(Objects.requireNonNullElse(patientIdIssuers, Map.of()));
    }
}
