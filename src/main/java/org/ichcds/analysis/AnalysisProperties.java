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
 * @param workers analyses run at the same time in this server
 * @param lease how long a running analysis may go without a heartbeat before another server (or a restart) takes it
 *     over
 * @param resumeInterval how often queued or abandoned analyses are looked for
 * @param maxAttempts attempts before an analysis that keeps failing stays failed until it is asked for again
 * @param patientIdIssuers IssuerOfPatientID values of the images mapped to the Patient.identifier system they stand
 *     for, for sites whose two differ (see {@link PatientBinding})
 */
@ConfigurationProperties("ichcds.analysis")
record AnalysisProperties(
        @DefaultValue("450ms") Duration timeBudget,
        @DefaultValue("1") int workers,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("30s") Duration resumeInterval,
        @DefaultValue("3") int maxAttempts,
        Map<String, String> patientIdIssuers) {

    public AnalysisProperties {
        if (workers < 1) {
            throw new IllegalArgumentException("ichcds.analysis.workers must be at least 1, was " + workers);
        }
        patientIdIssuers = Map.copyOf(Objects.requireNonNullElse(patientIdIssuers, Map.of()));
    }
}
