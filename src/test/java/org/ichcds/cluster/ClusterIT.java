package org.ichcds.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ichcds.ItHooks;
import org.ichcds.training.phantoms.PhantomUpload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real server processes on one PostgreSQL database behind HAProxy, as README "Operations" says to run them: work
 * spread over both is done once, a token is good for one call on the whole cluster, a viewer link opens on either
 * replica, and the faults of a cluster (a replica killed, the database connections cut, both mid-analysis) end with
 * nothing lost and nothing doubled. The faults go last, the replica killed last of all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final int STUDIES = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Cluster cluster;
    private static ClusterEhr ehr;
    private static ClusterCounts counts;
    private static final List<ItHooks.Registered> analysed = new ArrayList<>();
    private static final List<Future<PhantomUpload.Stored>> phantoms = new ArrayList<>();
    private static long started;

    @BeforeAll
    static void startCluster() throws Exception {
        started = System.nanoTime();
        // the phantoms are made and stored in the PACS while the replicas start: they need no server
        ExecutorService making = Executors.newSingleThreadExecutor();
        for (int i = 0; i < STUDIES + 2; i++) {
            long seed = 9101 + i;
            phantoms.add(making.submit(() -> ClusterEhr.storePhantom(seed)));
        }
        making.shutdown();
        cluster = Cluster.start();
        ehr = new ClusterEhr(cluster);
        counts = new ClusterCounts(cluster.database, ehr);
        System.out.printf("cluster: two replicas and HAProxy ready in %d s%n", seconds(started));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        System.out.printf("cluster: ClusterIT took %d s in all%n", seconds(started));
    }

    @Test
    @Order(1)
    void tenStudiesThroughTheBalancerAreAnalysedOnceEachOnBothReplicas() throws Exception {
        long requestsA = cluster.balancer.requestsTo("a");
        long requestsB = cluster.balancer.requestsTo("b");
        long start = System.nanoTime();
        for (int i = 0; i < STUDIES; i++) {
            analysed.add(ehr.register(phantoms.get(i).get()));
        }
        // every analysis at once from the start, the database fresh: the model's Device, which every report names, was
        // stored by the replicas at start, so that the first reports of both do not each insert it
        ExecutorService ehrThreads = Executors.newFixedThreadPool(4);
        List<Future<ClusterEhr.Seen>> seen = new ArrayList<>();
        for (ItHooks.Registered study : analysed) {
            seen.add(ehrThreads.submit(() -> ehr.untilDone(study, Duration.ofSeconds(120))));
        }
        for (Future<ClusterEhr.Seen> answer : seen) {
            assertThat(answer.get().cards().get(0).get("indicator").asText()).isEqualTo("critical");
        }
        ehrThreads.shutdown();
        long toA = cluster.balancer.requestsTo("a") - requestsA;
        long toB = cluster.balancer.requestsTo("b") - requestsB;
        System.out.printf(
                "cluster: %d studies registered and analysed in %d s; requests through HAProxy: a %d, b %d;"
                        + " analyses run: a %d, b %d%n",
                STUDIES, seconds(start), toA, toB, counts.analysesRunBy(cluster.a), counts.analysesRunBy(cluster.b));
        // round robin: each replica took about half the calls
        assertThat(Math.min(toA, toB)).isGreaterThan((toA + toB) / 3);

        counts.assertExactlyOnce(STUDIES); // waits for the reports written after the answers
        for (ItHooks.Registered study : analysed) {
            assertThat(ehr.reports(study.patientId())).as(study.patientId()).isEqualTo(1);
        }
        // one writer per resource: no report inserted the Device (the replicas stored it at start), and no two writers
        // of one report (the replicas answering its polls, their pending-reports tasks) met on its Observations, so
        // the store refused no insert; a refusal names the unique constraint it broke
        for (ServerProcess replica : List.of(cluster.a, cluster.b)) {
            assertThat(replica.logText())
                    .as(replica.name + "'s log")
                    .doesNotContain("duplicate key value violates unique constraint")
                    .contains("model Device of ");
        }
    }

    @Test
    @Order(2)
    void aTokenUsedOnOneReplicaIsRefusedByTheOther() throws Exception {
        ItHooks.Registered study = analysed.get(0);
        var body = ehr.hooks.studyComplete(study);
        String token = ehr.hooks.token(ClusterEhr.STUDY_COMPLETE);
        assertThat(ehr.post(cluster.a.baseUrl(), body, token).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = ehr.post(cluster.b.baseUrl(), body, token);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(ehr.post(cluster.balancer.baseUrl(), body, token).statusCode())
                .isEqualTo(401);
        // and the other way round
        String second = ehr.hooks.token(ClusterEhr.STUDY_COMPLETE);
        assertThat(ehr.post(cluster.b.baseUrl(), body, second).statusCode()).isEqualTo(200);
        assertThat(ehr.post(cluster.a.baseUrl(), body, second).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void aViewerLinkIssuedByOneReplicaOpensOnTheOther() throws Exception {
        ItHooks.Registered study = analysed.get(1);
        for (ServerProcess issuer : List.of(cluster.a, cluster.b)) {
            HttpResponse<String> answer = ehr.studyComplete(issuer.baseUrl(), study);
            assertThat(answer.statusCode()).isEqualTo(200);
            URI link = URI.create(ItHooks.JSON
                    .readTree(answer.body())
                    .get("cards")
                    .get(0)
                    .get("links")
                    .get(0)
                    .get("url")
                    .asText());
            // the link names the balancer; opened here on the replica that did not sign it
            assertThat(link.toString()).startsWith(cluster.balancer.baseUrl().toString());
            URI onOther =
                    cluster.other(issuer).baseUrl().resolve(link.getRawPath() + "/data.json?" + link.getRawQuery());
            assertThat(get(onOther).statusCode())
                    .as("data of a link signed by " + issuer.name)
                    .isEqualTo(200);
            URI page = cluster.other(issuer).baseUrl().resolve(link.getRawPath() + "?" + link.getRawQuery());
            assertThat(get(page).statusCode())
                    .as("page of a link signed by " + issuer.name)
                    .isBetween(200, 303);
            // a link whose signature is not the shared key's is refused: the check above is a real one
            URI forged = URI.create(onOther.toString().replace("token=", "token=x"));
            assertThat(get(forged).statusCode()).isEqualTo(403);
        }
    }

    @Test
    @Order(4)
    void databaseConnectionsCutMidAnalysisStillEndItOnceWithOneReport() throws Exception {
        ItHooks.Registered study = ehr.register(phantoms.get(STUDIES).get());
        ClusterFaults.Outcome outcome = new ClusterFaults(cluster, ehr, counts).cutDatabaseConnections(study);
        System.out.println("cluster fault: " + outcome);
        assertThat(outcome.seen().cards().get(0).get("indicator").asText()).isEqualTo("critical");
        // calls that met a connection ended under them are answered again on a new one: neither failed (500) nor
        // refused as if their token were bad (401, when the jti could not be recorded)
        assertThat(outcome.seen().answers()).doesNotContain("HTTP 500", "HTTP 401");
        assertThat(outcome.firstAnswer()).isNotIn("HTTP 500", "HTTP 401");
        counts.assertExactlyOnce(STUDIES + 1); // waits for the reports written after the answers
        assertThat(ehr.reports(study.patientId())).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aReplicaKilledMidAnalysisIsTakenOverAndTheAnalysisEndsOnceWithOneReport() throws Exception {
        ItHooks.Registered study = ehr.register(phantoms.get(STUDIES + 1).get());
        ClusterFaults.Outcome outcome = new ClusterFaults(cluster, ehr, counts).killRunningReplica(study);
        System.out.println("cluster fault: " + outcome);
        assertThat(outcome.seen().cards().get(0).get("indicator").asText()).isEqualTo("critical");
        assertThat(cluster.balancer.status(cluster.a.alive() ? "b" : "a")).startsWith("DOWN");
        counts.assertExactlyOnce(STUDIES + 2); // waits for the reports written after the answers
        assertThat(ehr.reports(study.patientId())).isEqualTo(1);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }
}
