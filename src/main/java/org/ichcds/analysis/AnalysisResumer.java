package org.ichcds.analysis;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

/** Resumes queued analyses and those a stopped server left running: at startup, then every resume interval. */
class AnalysisResumer {

    private final AnalysisService analyses;

    AnalysisResumer(AnalysisService analyses) {
        this.analyses = analyses;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStartup() {
        analyses.resumeAbandoned();
    }

    @Scheduled(
            initialDelayString = "${ichcds.analysis.resume-interval:30s}",
            fixedDelayString = "${ichcds.analysis.resume-interval:30s}")
    void periodically() {
        analyses.resumeAbandoned();
    }
}
