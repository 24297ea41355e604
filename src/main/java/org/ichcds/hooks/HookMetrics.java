package org.ichcds.hooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.ichcds.reporting.CdsResponse;

/**
 * What the CDS services report to the management port's metrics: the time to answer a call
 * ({@code ichcds.cds.answer}, tags {@code service}, {@code outcome} = answered, refused, failed), the cards sent
 * ({@code ichcds.cds.cards}, tags {@code service}, {@code indicator}) and the calls refused before a service saw them
 * ({@code ichcds.cds.refused}, tag {@code reason}: the JWT check's reason category).
 */
final class HookMetrics {

    private final MeterRegistry meters;
    // one timer per service and outcome, looked up once: every CDS call records one
    private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    HookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void answered(String service, CdsResponse response, long startNanos) {
        timer(service, "answered").record(Duration.ofNanos(System.nanoTime() - startNanos));
        for (CdsResponse.Card card : response.cards()) {
            meters.counter("ichcds.cds.cards", "service", service, "indicator", card.indicator())
                    .increment();
        }
    }

    void failed(String service, int status, long startNanos) {
        timer(service, status < 500 ? "refused" : "failed").record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    void refused(JwtRejected.Reason reason) {
        meters.counter("ichcds.cds.refused", "reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }

    private Timer timer(String service, String outcome) {
        // the service id comes from the path: only configured services are named, any other is "unknown"
        return timers.computeIfAbsent(
                service + '\u0000' + outcome,
                key -> Timer.builder("ichcds.cds.answer")
                        .description("time to answer a CDS Hooks service call")
                        .tags("service", service, "outcome", outcome)
                        .publishPercentileHistogram()
                        .register(meters));
    }
}
