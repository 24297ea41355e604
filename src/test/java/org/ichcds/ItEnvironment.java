package org.ichcds;

import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.ichcds.authserver.AuthorizationServer;
import org.ichcds.authserver.BackendServicesClient;
import org.ichcds.authserver.ClientRegistration;
import org.ichcds.cli.Main;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.pacs.OrthancServer;

/**
 * What the server's integration tests run against, made once per test JVM: a real Orthanc on a free port, a trusted
 * CDS client (its ES384 key, public JWKS in a file), the authorization server that issues the FHIR access tokens (with
 * an administrating client that registers studies and an EHR client whose token rides along in hooks), and the shipped
 * model with its own operating thresholds.
 */
public final class ItEnvironment {

    public static final String ISSUER = "https://ehr.it.example.org";
    /** The model the server ships with; the tests see what a user sees. */
    public static final Path SHIPPED_MODEL = Path.of(Main.DEFAULT_MODEL);
    /** The FHIR audience the test tokens carry: a name for the server's FHIR base, as a site would configure it. */
    public static final String FHIR_AUDIENCE = "https://fhir.it.example.org/fhir";
    /** Registers patients, endpoints and studies, as a site's integration engine would. */
    public static final String ADMIN_CLIENT = "it-admin";
    /** The EHR's own access to FHIR, sent with hooks as fhirAuthorization. */
    public static final String EHR_CLIENT = "it-ehr";

    // writes limited to what registration needs: no client of the tests can write DiagnosticReports or Observations
    public static final List<String> ADMIN_SCOPES =
            List.of("system/Patient.cruds", "system/Endpoint.cruds", "system/ImagingStudy.cruds", "system/*.rs");
    public static final List<String> EHR_SCOPES = List.of("system/*.rs");
    public static final String FULL_ACCESS_CLIENT = "it-full-access";
    public static final List<String> FULL_ACCESS_SCOPES = List.of("system/*.cruds");

    /** The tests' {@code ichcds.dicomweb.limits.max-instances}. */
    public static final int MAX_INSTANCES = 200;

    /** The client that sends studies over STOW-RS (IntakeIT). */
    public static final String STOW_CLIENT = "it-stow";

    public static final List<String> STOW_SCOPES = List.of("ichcds/stow");
    /** The AE title the C-STORE receiver answers to, and the caller allowed to send to it from loopback. */
    public static final String RECEIVER_AE = "ICHCDS-IT";

    public static final String MODALITY_AE = "IT-MODALITY";
    /** A caller allowed only from an address the tests never send from. */
    public static final String FAR_MODALITY_AE = "IT-FAR";

    private static ItEnvironment instance;

    public final Path dir;
    public final OrthancServer pacs;
    /** A relay in front of the PACS, a DICOMweb source of its own: tests hold a fetch through it and stop the PACS. */
    public final PacsRelay pacsRelay;
    /**
     * The PACS results are written back to ({@code ichcds.writeback.*}): an Orthanc of its own, so that the SR and
     * presentation state of every analysis stay out of the studies the other tests read.
     */
    public final OrthancServer archive;
    /** The EHR's FHIR server, to which the outbox delivers every analysis's results. */
    public final EhrStandIn ehr;

    public final CdsTokenSigner signer;
    public final Path jwks;
    public final Path model;
    public final AuthorizationServer.Running authorizationServer;
    /** The port of the server under test: fixed before it starts, so its own FHIR base can be a trusted fhirServer. */
    public final int serverPort;
    /** The port of the server's C-STORE receiver. */
    public final int dicomPort;
    /** Each client's private key, by client id; tests may register more. */
    public final Map<String, ECKey> clientKeys = new ConcurrentHashMap<>();

    private final Map<String, BackendServicesClient> clients = new ConcurrentHashMap<>();

    private ItEnvironment() throws IOException {
        dir = Files.createTempDirectory("ichcds-it");
        pacs = OrthancServer.startOnFreePort(dir.resolve("orthanc"));
        Runtime.getRuntime().addShutdownHook(new Thread(pacs::close));
        pacsRelay = PacsRelay.start(pacs.baseUrl().getPort());
        archive = OrthancServer.startOnFreePort(dir.resolve("archive"));
        Runtime.getRuntime().addShutdownHook(new Thread(archive::close));
        ehr = EhrStandIn.start();
        signer = CdsTokenSigner.es384(ISSUER);
        jwks = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), signer);
        model = SHIPPED_MODEL;
        authorizationServer = startAuthorizationServer();
        serverPort = freePort();
        dicomPort = freePort();
        Runtime.getRuntime().addShutdownHook(new Thread(authorizationServer::close));
    }

    private AuthorizationServer.Running startAuthorizationServer() throws IOException {
        List<ClientRegistration> registrations = new java.util.ArrayList<>();
        registrations.add(registration(ADMIN_CLIENT, ADMIN_SCOPES, FHIR_AUDIENCE, null, Duration.ofMinutes(5)));
        registrations.add(registration(EHR_CLIENT, EHR_SCOPES, FHIR_AUDIENCE, null, Duration.ofMinutes(5)));
        // the clients the attacks on /fhir use (FhirSecurityIT)
        registrations.add(registration(
                "it-patient-reader", List.of("system/Patient.rs"), FHIR_AUDIENCE, null, Duration.ofMinutes(5)));
        registrations.add(registration(
                "it-patient-context", List.of("patient/*.rs"), FHIR_AUDIENCE, "pctx1", Duration.ofMinutes(5)));
        registrations.add(registration(
                "it-other-audience", EHR_SCOPES, "https://other.example.org/fhir", null, Duration.ofMinutes(5)));
        registrations.add(registration("it-short-lived", EHR_SCOPES, FHIR_AUDIENCE, null, Duration.ofSeconds(3)));
        // a client given every write explicitly, as a site may grant to a system it trusts (FhirStoreScenario)
        registrations.add(
                registration(FULL_ACCESS_CLIENT, FULL_ACCESS_SCOPES, FHIR_AUDIENCE, null, Duration.ofMinutes(5)));
        registrations.add(registration(STOW_CLIENT, STOW_SCOPES, FHIR_AUDIENCE, null, Duration.ofMinutes(5)));
        registrations.add(registration(
                "it-auditor", List.of("system/AuditEvent.rs"), FHIR_AUDIENCE, null, Duration.ofMinutes(5)));
        Path clients = dir.resolve("authserver-clients.json");
        ClientRegistration.write(clients, registrations);
        return new AuthorizationServer("127.0.0.1", freePort(), null, clients, null).start();
    }

    private ClientRegistration registration(
            String id, List<String> scopes, String audience, String patient, Duration ttl) {
        ECKey key = BackendServicesClient.newEs384Key();
        clientKeys.put(id, key);
        return new ClientRegistration(id, key, scopes, audience, java.util.Optional.ofNullable(patient), ttl);
    }

    /** A port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A client of the test authorization server (one per client id). */
    public BackendServicesClient client(String clientId) {
        return clients.computeIfAbsent(
                clientId, id -> new BackendServicesClient(authorizationServer.tokenEndpoint(), id, clientKeys.get(id)));
    }

    /** A current access token of a client for these scopes (renewed before it ends). */
    public String token(String clientId, List<String> scopes) {
        return client(clientId).currentToken(scopes);
    }

    /** The administrating client's token. */
    public String adminToken() {
        return token(ADMIN_CLIENT, ADMIN_SCOPES);
    }

    /** The token of the client with every write granted. */
    public String fullAccessToken() {
        return token(FULL_ACCESS_CLIENT, FULL_ACCESS_SCOPES);
    }

    /** The EHR's FHIR token. */
    public String ehrToken() {
        return token(EHR_CLIENT, EHR_SCOPES);
    }

    public static synchronized ItEnvironment get() {
        if (instance == null) {
            try {
                instance = new ItEnvironment();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The settings that point the server at this environment. */
    public Map<String, String> properties() {
        Map<String, String> properties = new TreeMap<>();
        properties.putAll(pacs.serverCredentials());
        properties.put("ichcds.cds.trusted-clients[0].issuer", ISSUER);
        properties.put("ichcds.cds.trusted-clients[0].jwks-uri", jwks.toUri().toString());
        // the EHR of the tests names the server's own /fhir as its FHIR server, and only that
        properties.put("server.port", String.valueOf(serverPort));
        properties.put("management.server.port", "0");
        // Spring Boot's tests switch metrics export off unless asked; the server's Prometheus endpoint is under test
        properties.put("management.prometheus.metrics.export.enabled", "true");
        properties.put("ichcds.cds.trusted-clients[0].fhir-servers[0]", "http://127.0.0.1:" + serverPort + "/fhir");
        properties.put("ichcds.cds.allow-http-fhir-server", "true");
        properties.put("ichcds.inference.model-dir", model.toString());
        // one small synthetic analysis at start: the warm-up runs in every test server without costing seconds
        properties.put("ichcds.analysis.warm-up.analyses", "1");
        properties.put("ichcds.analysis.warm-up.slices", "4");
        properties.put(
                "ichcds.fhir.security.issuer", authorizationServer.issuer().toString());
        properties.put(
                "ichcds.fhir.security.jwks-uri", authorizationServer.jwksUri().toString());
        properties.put("ichcds.fhir.security.audience", FHIR_AUDIENCE);
        properties.put("ichcds.fhir.security.allow-http", "true");
        // expiry is checked to the second: the short-lived test token must be refused right after it ends
        properties.put("ichcds.fhir.security.clock-skew", "0s");
        properties.put(
                "ichcds.dicomweb.sources[1].url", pacsRelay.in(pacs.baseUrl()).toString());
        properties.put("ichcds.dicomweb.sources[1].username", properties.get("ichcds.dicomweb.sources[0].username"));
        properties.put("ichcds.dicomweb.sources[1].password", properties.get("ichcds.dicomweb.sources[0].password"));
        // a study over the image count limit is refused; a lower limit than the shipped 1,200 keeps the study that
        // shows it small enough to upload quickly (InputFaultsIT), and far above any other test's series
        properties.put("ichcds.dicomweb.limits.max-instances", String.valueOf(MAX_INSTANCES));
        // results go to the EHR through the outbox, tried every half second, retried after a second
        properties.put("ichcds.fhir.ehr-server", ehr.base().toString());
        properties.put("ichcds.analysis.ehr-outbox.interval", "500ms");
        properties.put("ichcds.analysis.ehr-outbox.backoff", "1s");
        // results written back to the archive, tried every half second, retried after a second (WritebackIT)
        Map<String, String> archiveAccess = archive.serverCredentials();
        properties.put("ichcds.writeback.url", archive.dicomWebBase().toString());
        properties.put("ichcds.writeback.username", archiveAccess.get("ichcds.dicomweb.sources[0].username"));
        properties.put("ichcds.writeback.password", archiveAccess.get("ichcds.dicomweb.sources[0].password"));
        properties.put("ichcds.writeback.allow-http", "true");
        properties.put("ichcds.writeback.interval", "500ms");
        properties.put("ichcds.writeback.backoff", "1s");
        properties.put("ichcds.writeback.max-backoff", "2s");

        // receiving studies (IntakeIT): both receivers on, a short stable age
        properties.put("ichcds.intake.spool-dir", dir.resolve("spool").toString());
        properties.put("ichcds.intake.stable-age", "1s");
        properties.put("ichcds.intake.check-interval", "200ms");
        properties.put("ichcds.intake.dimse.enabled", "true");
        properties.put("ichcds.intake.dimse.port", String.valueOf(dicomPort));
        properties.put("ichcds.intake.dimse.bind-address", "127.0.0.1");
        properties.put("ichcds.intake.dimse.ae-title", RECEIVER_AE);
        properties.put("ichcds.intake.dimse.allowed-callers[0].ae-title", MODALITY_AE);
        properties.put("ichcds.intake.dimse.allowed-callers[0].address", "127.0.0.1");
        properties.put("ichcds.intake.dimse.allowed-callers[1].ae-title", FAR_MODALITY_AE);
        properties.put("ichcds.intake.dimse.allowed-callers[1].address", "192.0.2.1"); // RFC 5737 TEST-NET-1
        properties.put("ichcds.intake.stow.enabled", "true");
        return properties;
    }

    /**
     * Sends the files of {@code folder} to the server's C-STORE port with DCMTK's {@code storescu}, as {@code callingAe},
     * with its {@code options} (a transfer syntax to propose, say); the finished process, its output merged.
     */
    public Process storescu(String callingAe, Path folder, String... options) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("storescu", "-aet", callingAe, "-aec", RECEIVER_AE));
        command.addAll(List.of(options));
        command.addAll(List.of("+sd", "127.0.0.1", String.valueOf(dicomPort), folder.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("storescu did not finish within 60 s");
        }
        return process;
    }
}
