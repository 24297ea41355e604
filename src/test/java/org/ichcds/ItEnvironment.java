package org.ichcds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.ichcds.demo.CdsTokenSigner;
import org.ichcds.pacs.OrthancServer;

/**
 * What the server's integration tests run against, made once per test JVM: a real Orthanc on a free port, a trusted
 * CDS client (its ES384 key, public JWKS in a file), and the shipped model with its own operating thresholds.
 */
public final class ItEnvironment {

    public static final String ISSUER = "https://ehr.it.example.org";
    /** The model the server ships with; the tests see what a user sees. */
    public static final Path SHIPPED_MODEL = Path.of("models", "ich-phantom-v1");

    private static ItEnvironment instance;

    public final Path dir;
    public final OrthancServer pacs;
    public final CdsTokenSigner signer;
    public final Path jwks;
    public final Path model;

    private ItEnvironment() throws IOException {
        dir = Files.createTempDirectory("ichcds-it");
        pacs = OrthancServer.startOnFreePort(dir.resolve("orthanc"));
        Runtime.getRuntime().addShutdownHook(new Thread(pacs::close));
        signer = CdsTokenSigner.es384(ISSUER);
        jwks = CdsTokenSigner.writePublicJwks(dir.resolve("jwks.json"), signer);
        model = SHIPPED_MODEL;
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
        properties.put("ichcds.cds.allow-http-fhir-server", "true");
        properties.put("ichcds.inference.model-dir", model.toString());
        return properties;
    }
}
