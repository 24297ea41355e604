package org.ichcds.analysis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Hook calls waiting for an analysis that runs in this server: an attempt that ends here wakes them at once, instead of
 * their polling the job. An analysis run by another replica wakes no one here; its callers read the job when their
 * budget runs out. Bounded: a waiter nobody wakes is forgotten after a few minutes.
 */
final class AnalysisWaiters {

    private final Cache<String, CompletableFuture<Void>> waiting = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    /** The signal that this analysis's current attempt ended; every caller of the same analysis shares one. */
    CompletableFuture<Void> register(String analysisId) {
        return waiting.get(analysisId, id -> new CompletableFuture<>());
    }

    /** Wakes everyone waiting for this analysis. */
    void attemptEnded(String analysisId) {
        CompletableFuture<Void> signal = waiting.asMap().remove(analysisId);
        if (signal != null) {
            signal.complete(null);
        }
    }

    /** Waits for the signal at most this long; true if it came. */
    static boolean await(CompletableFuture<Void> signal, Duration budget) throws InterruptedException {
        try {
            signal.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // never completed exceptionally; treat as ended
        }
    }
}
