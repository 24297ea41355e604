package org.ichcds.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The few calls of Orthanc's own REST API that running it needs: readiness, version, delete everything. */
final class OrthancRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;

    OrthancRest(URI base, String username, String password) {
        this.base = base;
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The Orthanc version when it answers with the DICOMweb plugin loaded; null when it does not (yet). */
    String readyVersion() {
        try {
            JsonNode system = call("GET", "/system");
            JsonNode plugins = call("GET", "/plugins");
            boolean dicomWeb = false;
            for (JsonNode plugin : plugins) {
                dicomWeb |= "dicom-web".equals(plugin.asText());
            }
            return dicomWeb ? system.path("Version").asText("?") : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Deletes every patient, hence every study, series and instance. */
    void deleteAll() throws IOException {
        for (JsonNode id : call("GET", "/patients")) {
            call("DELETE", "/patients/" + id.asText());
        }
    }

    /** Deletes one study, found by its StudyInstanceUID; false when Orthanc does not hold it. */
    boolean deleteStudy(String studyUid) throws IOException {
        boolean deleted = false;
        for (JsonNode match : call("POST", "/tools/lookup", studyUid)) {
            if ("Study".equals(match.path("Type").asText())) {
                call("DELETE", "/studies/" + match.path("ID").asText());
                deleted = true;
            }
        }
        return deleted;
    }

    private JsonNode call(String method, String path) throws IOException {
        return call(method, path, null);
    }

    private JsonNode call(String method, String path, String body) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(30000);
        connection.setRequestProperty("Authorization", authorization);
        if (body != null) {
            connection.setDoOutput(true);
            try (var out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        if (status == 401) {
            throw new IOException("Orthanc at " + base + " refused the configured credentials (401)");
        }
        if (status != 200) {
            throw new IOException("Orthanc answered " + status + " to " + method + " " + path);
        }
        try (InputStream in = connection.getInputStream()) {
            byte[] answer = in.readAllBytes();
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        }
    }
}
