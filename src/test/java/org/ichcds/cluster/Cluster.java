package org.ichcds.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ichcds.GatedDicomWebProxy;
import org.ichcds.ItEnvironment;

/**
 * Two replicas of the server ({@code java -jar target/ichcds.jar serve}) on one PostgreSQL database, behind HAProxy,
 * with the PACS reached through a {@link GatedDicomWebProxy}. The replicas share what README "Operations" says they
 * must: the database (postgres profile: jti replay record, analysis jobs), the viewer link key, the trusted clients;
 * each has its own scheduler name so that the database tells which replica runs an execution.
 */
final class Cluster implements AutoCloseable {

    static final Path LOGS = Path.of("target", "cluster-it");
    /** How often a running analysis proves its replica alive; 6 missed ones and another replica takes it over. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    final ItEnvironment environment = ItEnvironment.get();
    final ClusterDatabase database;
    final GatedDicomWebProxy pacs;
    final ServerProcess a;
    final ServerProcess b;
    final HaproxyProcess balancer;

    private Cluster(
            ClusterDatabase database, GatedDicomWebProxy pacs, ServerProcess a, ServerProcess b, HaproxyProcess lb) {
        this.database = database;
        this.pacs = pacs;
        this.a = a;
        this.b = b;
        this.balancer = lb;
    }

    /**
     * Starts everything. The replicas start one after the other: the first creates the schema (Flyway, HAPI's
     * tables), the second finds it, as a rolling start of a real cluster would.
     */
    static Cluster start() throws IOException, SQLException {
        ItEnvironment environment = ItEnvironment.get();
        ClusterDatabase database = ClusterDatabase.create();
        GatedDicomWebProxy pacs = new GatedDicomWebProxy(environment.pacs.baseUrl());
        int lbPort = ItEnvironment.freePort();
        Map<String, String> shared = sharedSettings(environment, database, pacs, lbPort);
        ServerProcess a = null;
        ServerProcess b = null;
        try {
            // both at once on the fresh database, as an orchestrator starts them: the schema is created once
            a = ServerProcess.start("replica-a", ItEnvironment.freePort(), own(shared, "replica-a"), LOGS);
            b = ServerProcess.start("replica-b", ItEnvironment.freePort(), own(shared, "replica-b"), LOGS);
            a.awaitReady();
            b.awaitReady();
            HaproxyProcess balancer = HaproxyProcess.start(lbPort, a.port, b.port, LOGS);
            balancer.awaitReplicasUp(Duration.ofSeconds(20));
            return new Cluster(database, pacs, a, b, balancer);
        } catch (IOException | RuntimeException e) {
            for (ServerProcess replica : new ServerProcess[] {a, b}) {
                if (replica != null) {
                    replica.kill();
                }
            }
            pacs.close();
            database.close();
            throw e;
        }
    }

    /** The settings every replica gets the same. */
    private static Map<String, String> sharedSettings(
            ItEnvironment environment, ClusterDatabase database, GatedDicomWebProxy pacs, int lbPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        String balancer = "http://127.0.0.1:" + lbPort;
        settings.put("spring.profiles.active", "postgres");
        settings.put("spring.datasource.url", database.url());
        settings.put("spring.datasource.username", ClusterDatabase.USER);
        // links signed by one replica open on the other
        settings.put("ichcds.viewer.token-secret", "cluster-" + UUID.randomUUID() + UUID.randomUUID());
        // the EHR calls the balancer: the token audience and the card links are the balancer's URL, whichever replica
        settings.put("ichcds.cds.public-base-url", balancer);
        settings.put("ichcds.cds.trusted-clients[0].issuer", ItEnvironment.ISSUER);
        settings.put(
                "ichcds.cds.trusted-clients[0].jwks-uri",
                environment.jwks.toUri().toString());
        settings.put("ichcds.cds.trusted-clients[0].fhir-servers[0]", balancer + "/fhir");
        settings.put("ichcds.cds.allow-http-fhir-server", "true");
        environment.properties().forEach((key, value) -> {
            if (key.startsWith("ichcds.fhir.security.")) {
                settings.put(key, value);
            }
        });
        environment.pacs.serverCredentials().forEach(settings::put);
        settings.put("ichcds.dicomweb.sources[0].url", pacs.baseUrl().toString());
        settings.put(
                "ichcds.inference.model-dir",
                ItEnvironment.SHIPPED_MODEL.toAbsolutePath().toString());
        settings.put("ichcds.analysis.heartbeat-interval", HEARTBEAT.toMillis() + "ms");
        settings.put("ichcds.analysis.retry-backoff", "1s");
        settings.put("db-scheduler.polling-interval", "1s");
        settings.put("management.server.port", "0");
        return settings;
    }

    private static Map<String, String> own(Map<String, String> shared, String name) {
        Map<String, String> settings = new LinkedHashMap<>(shared);
        // db-scheduler names a replica by its host name unless told: two on one host need a name each
        settings.put("db-scheduler.scheduler-name", name);
        return settings;
    }

    /** The replica db-scheduler calls by this name. */
    ServerProcess replica(String schedulerName) {
        return a.name.equals(schedulerName) ? a : b;
    }

    ServerProcess other(ServerProcess replica) {
        return replica == a ? b : a;
    }

    @Override
    public void close() throws Exception {
        balancer.close();
        a.close();
        b.close();
        pacs.close();
        database.close();
    }
}
