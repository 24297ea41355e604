package org.ichcds.pacs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebEndpoint;

/**
 * Debian's Orthanc with its DICOMweb plugin, run as an ordinary process: HTTP only (DICOM port off), local clients
 * only, HTTP Basic authentication on, storage in one folder. Attached (the default, for tests) it stops with this
 * object or with the JVM; detached (for {@code ichcds pacs start}) it outlives the JVM and is found again through a pid
 * file in the storage folder.
 */
public final class OrthancServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

    /**
     * Where and how Orthanc runs.
     *
     * @param host the address clients use (Orthanc 1.10 itself listens on every interface, serving local clients only)
     * @param storage folder of the database, configuration, log and pid file
     */
    public record Config(String host, int port, Path storage, String username, String password) {
        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(storage, "storage");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PACS port must be 1-65535, was " + port);
            }
            if (username == null || username.isBlank() || username.contains(":")) {
                throw new IllegalArgumentException("PACS username must be non-empty without ':'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("PACS password is empty: set ichcds.pacs.password");
            }
        }

        @Override
        public String toString() {
            return "Config[host=" + host + ", port=" + port + ", storage=" + storage + ", username=" + username
                    + ", password=***]";
        }
    }

    /** What {@link #status()} finds. */
    public record Status(boolean running, long pid, String version, String url) {
        public String describe() {
            return running
                    ? "running at " + url + " (Orthanc " + version + (pid > 0 ? ", pid " + pid : "") + ")"
                    : "not running (" + url + ")";
        }
    }

    private final Config config;
    private final OrthancRest rest;
    private final OrthancProcess process;

    public OrthancServer(Config config) {
        this.config = config;
        this.rest = new OrthancRest(baseUrl(), config.username(), config.password());
        this.process = new OrthancProcess(config.storage());
    }

    /** Starts an attached Orthanc on a free port under {@code dir}, with fresh credentials: for tests. */
    public static OrthancServer startOnFreePort(Path dir) {
        OrthancServer server = new OrthancServer(new Config(
                "127.0.0.1", freePort(), dir, "test", UUID.randomUUID().toString()));
        server.start();
        return server;
    }

    Config config() {
        return config;
    }

    /** Starts Orthanc attached to this JVM and waits until it serves DICOMweb. */
    public void start() {
        launch(false);
    }

    /** Starts Orthanc so that it outlives this JVM; does nothing when it already runs. */
    public Status startDetached() {
        Status status = status();
        if (status.running()) {
            return status;
        }
        launch(true);
        return status();
    }

    private void launch(boolean detached) {
        if (!Files.isExecutable(BINARY) || !Files.exists(DICOMWEB_PLUGIN)) {
            throw new IllegalStateException("Orthanc is not installed (" + BINARY + ", " + DICOMWEB_PLUGIN
                    + "): install the Debian packages orthanc and orthanc-dicomweb");
        }
        requirePortFree(config.port());
        Path configFile = writeConfig();
        process.launch(BINARY, configFile, detached);
        process.awaitReady(rest::readyVersion, "Orthanc on port " + config.port());
    }

    /** Stops Orthanc, attached or detached; returns false when it was not running. */
    public boolean stop() {
        return process.stop();
    }

    public Status status() {
        String version = rest.readyVersion();
        return new Status(
                version != null,
                process.pid(),
                version == null ? "" : version,
                baseUrl().toString());
    }

    /** Deletes every study the PACS holds. */
    void wipe() {
        try {
            rest.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe Orthanc at " + baseUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes one study by its StudyInstanceUID; false when the PACS does not hold it. */
    public boolean deleteStudy(String studyUid) {
        try {
            return rest.deleteStudy(studyUid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete study " + studyUid + ": " + e.getMessage(), e);
        }
    }

    /** Orthanc's REST root, e.g. {@code http://127.0.0.1:18042/}. */
    public URI baseUrl() {
        return URI.create("http://" + config.host() + ":" + config.port() + "/");
    }

    /** The DICOMweb root, e.g. {@code http://127.0.0.1:18042/dicom-web}. */
    public URI dicomWebBase() {
        return baseUrl().resolve("dicom-web");
    }

    /**
     * The settings that make a server fetch from this PACS: it is a DICOMweb source with its credentials
     * ({@code ichcds.dicomweb.sources[0]}), over plain http on loopback. The demo, the benchmarks and the tests pass
     * them; {@code serve} has no source until its operator configures one.
     */
    public Map<String, String> serverCredentials() {
        String entry = "ichcds.dicomweb.sources[0].";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(entry + "url", baseUrl().toString());
        settings.put(entry + "username", config.username());
        settings.put(entry + "password", config.password());
        settings.put("ichcds.dicomweb.allow-http", "true");
        settings.put("ichcds.outbound.allow-loopback", "true");
        return settings;
    }

    public DicomWebEndpoint endpoint() {
        return new DicomWebEndpoint(dicomWebBase(), Credentials.basic(config.username(), config.password()));
    }

    @Override
    public void close() {
        if (process.attached()) {
            process.stop();
        }
    }

    private Path writeConfig() {
        Map<String, Object> json = new LinkedHashMap<>();
        Path db = config.storage().toAbsolutePath().resolve("db");
        json.put("Name", "ichcds-pacs");
        json.put("StorageDirectory", db.toString());
        json.put("IndexDirectory", db.toString());
        json.put("HttpPort", config.port());
        json.put("RemoteAccessAllowed", false);
        json.put("AuthenticationEnabled", true);
        json.put("RegisteredUsers", Map.of(config.username(), config.password()));
        json.put("DicomServerEnabled", false);
        json.put("HttpCompressionEnabled", false);
        json.put("KeepAlive", true);
        json.put("Plugins", List.of(DICOMWEB_PLUGIN.toString()));
        json.put("DicomWeb", Map.of("Enable", true, "Root", "/dicom-web/", "EnableWado", false));
        try {
            Files.createDirectories(db);
            Path file = config.storage().resolve("orthanc.json");
            Files.deleteIfExists(file);
            // the file holds the password: owner only
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Orthanc configuration in " + config.storage(), e);
        }
    }

    private static void requirePortFree(int port) {
        // Orthanc 1.10 binds every interface whatever it is told, so test the wildcard address
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + port + " is already in use: stop what uses it or set ichcds.pacs.port");
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
