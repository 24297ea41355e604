package org.ichcds.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ichcds.ItHooks;

/**
 * Faults injected into the cluster while an analysis is known to be under way: the PACS proxy's gate is closed, the
 * hook fired, and the fault strikes once the analysis's fetch waits at the gate. Then the gate opens and the EHR goes on
 * asking until its cards are final; what it saw on the way is part of the outcome.
 */
final class ClusterFaults {

    private static final Duration MID_ANALYSIS = Duration.ofSeconds(30);
    private static final Duration TO_THE_END = Duration.ofSeconds(90);

    private final Cluster cluster;
    private final ClusterEhr ehr;
    private final ClusterCounts counts;

    ClusterFaults(Cluster cluster, ClusterEhr ehr, ClusterCounts counts) {
        this.cluster = cluster;
        this.ehr = ehr;
        this.counts = counts;
    }

    /** One fault's outcome: the hook that started the analysis, what the EHR saw after, the analysis's attempts. */
    record Outcome(String fault, String firstAnswer, ClusterEhr.Seen seen, int attempts, long secondsToCards) {
        @Override
        public String toString() {
            return fault + " | first hook: " + firstAnswer + " | then the EHR saw: " + seen.summary() + " | attempts: "
                    + attempts + " | cards " + secondsToCards + " s after the fault";
        }
    }

    /** Every connection of the replicas to PostgreSQL ended mid-analysis ({@code pg_terminate_backend}). */
    Outcome cutDatabaseConnections(ItHooks.Registered study) throws Exception {
        Started started = startHeld(study);
        long ended = cluster.database.terminateConnections();
        long fault = System.nanoTime();
        cluster.pacs.open();
        return finish(
                "pg_terminate_backend of " + ended + " connections while " + started.runner + " analysed",
                started,
                study,
                fault);
    }

    /** The replica running the analysis killed with SIGKILL mid-analysis; the other one takes the execution over. */
    Outcome killRunningReplica(ItHooks.Registered study) throws Exception {
        Started started = startHeld(study);
        ServerProcess victim = cluster.replica(started.runner);
        victim.kill();
        long fault = System.nanoTime();
        cluster.pacs.open();
        return finish("SIGKILL of " + victim.name + " while it analysed", started, study, fault);
    }

    private record Started(String runner, CompletableFuture<String> firstAnswer) {}

    /** Fires the hook with the gate closed and waits until the analysis's fetch is held: which replica runs it. */
    private Started startHeld(ItHooks.Registered study) throws Exception {
        cluster.pacs.closeGate();
        try {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> answer(study));
            if (!cluster.pacs.awaitHeld(MID_ANALYSIS)) {
                throw new AssertionError("the analysis did not start fetching the study within " + MID_ANALYSIS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String id = counts.analysisId(study.stored().studyUid());
                String runner = id == null ? null : counts.runningOn(id);
                if (runner != null) {
                    return new Started(runner, first);
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the study is fetched, but no scheduler has picked an analysis of it");
        } catch (Exception | AssertionError e) {
            cluster.pacs.open();
            throw e;
        }
    }

    private Outcome finish(String fault, Started started, ItHooks.Registered study, long faultNanos) throws Exception {
        ClusterEhr.Seen seen = ehr.untilDone(study, TO_THE_END);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - faultNanos);
        return new Outcome(
                fault,
                started.firstAnswer.get(30, TimeUnit.SECONDS),
                seen,
                counts.attempts(study.stored().studyUid()),
                seconds);
    }

    /** The first hook's answer as the EHR saw it. */
    private String answer(ItHooks.Registered study) {
        try {
            HttpResponse<String> response = ehr.studyComplete(cluster.balancer.baseUrl(), study);
            if (response.statusCode() != 200) {
                return "HTTP " + response.statusCode();
            }
            return ItHooks.JSON
                    .readTree(response.body())
                    .get("cards")
                    .get(0)
                    .get("summary")
                    .asText();
        } catch (Exception e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        }
    }
}
