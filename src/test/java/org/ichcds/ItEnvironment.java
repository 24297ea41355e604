package org.ichcds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.ichcds.hooks.CdsTokenSigner;
import org.ichcds.inference.HemorrhageLabel;
import org.ichcds.inference.ModelManifest;
import org.ichcds.pacs.OrthancServer;
import org.ichcds.training.ModelConfig;
import org.ichcds.training.Trainer;
import org.ichcds.training.TrainerOptions;

/**
 * What the server's integration tests run against, made once per test JVM: a real Orthanc on a free port, a trusted
 * CDS client (its ES384 key, public JWKS in a file), and a tiny untrained model whose operating thresholds are 1e-6, so
 * every label is flagged: the hook, FHIR and viewer tests are about the plumbing, not the model's judgement.
 */
public final class ItEnvironment {

    public static final String ISSUER = "https://ehr.it.example.org";
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
        model = tinyModel(dir.resolve("model"));
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
        var config = pacs.config();
        Map<String, String> properties = new TreeMap<>();
        properties.put("ichcds.pacs.host", config.host());
        properties.put("ichcds.pacs.port", String.valueOf(config.port()));
        properties.put("ichcds.pacs.username", config.username());
        properties.put("ichcds.pacs.password", config.password());
        properties.put("ichcds.pacs.storage", config.storage().toString());
        properties.put("ichcds.cds.trusted-clients[0].issuer", ISSUER);
        properties.put("ichcds.cds.trusted-clients[0].jwks-uri", jwks.toUri().toString());
        properties.put("ichcds.cds.allow-http-fhir-server", "true");
        properties.put("ichcds.inference.model-dir", model.toString());
        // an untrained network scores boxes low: keep them, so the viewer has boxes to draw
        properties.put("ichcds.inference.min-box-score", "0.01");
        return properties;
    }

    private static Path tinyModel(Path dir) throws IOException {
        Map<String, Double> thresholds = new TreeMap<>();
        HemorrhageLabel.codes().forEach(code -> thresholds.put(code, 1e-6));
        ModelManifest manifest = new ModelManifest(
                "it-tiny",
                "0.0.1",
                "resnet-v2 small, width 4, untrained",
                HemorrhageLabel.codes(),
                new ModelManifest.InputSize(64, 64),
                ModelManifest.standardWindows(),
                thresholds,
                Map.of(),
                "none: an untrained network for integration tests",
                Map.of());
        try (Trainer trainer = new Trainer(ModelConfig.small(64, 4), TrainerOptions.defaults())) {
            trainer.export(dir, manifest);
        }
        return dir;
    }
}
