package org.ichcds.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The stored results of finished analyses ({@code app.analysis_job.result_json}), parsed once: a DONE analysis never
 * changes, and the hooks and the viewer read the same ones again and again.
 */
@Component
public class AnalysisResults {

    private final AnalysisJobs jobs;
    private final ObjectMapper json;
    private final Cache<String, AnalysisResult> parsed = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    AnalysisResults(AnalysisJobs jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    /**
     * The result of a finished analysis.
     *
     * @throws IllegalArgumentException when the job is not DONE
     * @throws IllegalStateException when its stored result cannot be read
     */
    public AnalysisResult of(AnalysisJob job) {
        if (job.status() != AnalysisJob.Status.DONE || job.resultJson() == null) {
            throw new IllegalArgumentException("analysis " + job.id() + " is " + job.status() + ", not DONE");
        }
        AnalysisResult known = parsed.getIfPresent(job.id());
        if (known != null) {
            return known;
        }
        AnalysisResult result = parse(job);
        if (result.reportRef() != null || !job.ofPatient()) {
            // final: a patient's result without its report yet (written just after, PendingReports) is read again
            parsed.put(job.id(), result);
        }
        return result;
    }

    /** The result of the analysis with this id; empty when there is none or it is not finished. */
    public Optional<AnalysisResult> byId(String id) {
        AnalysisResult known = parsed.getIfPresent(id);
        if (known != null) {
            return Optional.of(known);
        }
        return jobs.get(id)
                .filter(job -> job.status() == AnalysisJob.Status.DONE)
                .map(this::of);
    }

    private AnalysisResult parse(AnalysisJob job) {
        try {
            return json.readValue(job.resultJson(), AnalysisResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result of analysis " + job.id() + " is unreadable", e);
        }
    }
}
