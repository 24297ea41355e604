package org.ichcds.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.ichcds.http.OutgoingHttp;

/** The few calls of Orthanc's own REST API that running it needs: readiness, version, delete everything. */
final class OrthancRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // a local process: it answers at once or is not up yet; deleting a large study takes a while
    private static final CloseableHttpClient HTTP = OutgoingHttp.shared(Duration.ofSeconds(2), Duration.ofSeconds(30));

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
        HttpUriRequestBase request = new HttpUriRequestBase(method, base.resolve(path));
        request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        if (body != null) {
            request.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8)));
        }
        return HTTP.execute(request, response -> {
            int status = response.getCode();
            if (status == 401) {
                throw new IOException("Orthanc at " + base + " refused the configured credentials (401)");
            }
            if (status != 200) {
                throw new IOException("Orthanc answered " + status + " to " + method + " " + path);
            }
            byte[] answer = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        });
    }
}
