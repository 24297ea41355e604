package org.ichcds.analysis;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.ichcds.dicom.Credentials;
import org.ichcds.dicom.DicomWebClient;
import org.ichcds.dicom.DicomWebEndpoint;
import org.ichcds.dicom.DicomWebSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * DICOMweb clients for the endpoints studies name, with the credentials configured for each: the longest matching
 * {@code ichcds.dicomweb.credentials[N].url} prefix wins; anything else is called without credentials. The server knows
 * no PACS of its own: the PACS that {@code ichcds pacs} runs is one such entry (application.yaml).
 */
@Component
public class DicomWebAccess {

    private final DicomWebProperties properties;

    DicomWebAccess(DicomWebProperties properties) {
        this.properties = properties;
    }

    /** DICOMweb settings and per-endpoint credentials ({@code ichcds.dicomweb.*}). */
    @ConfigurationProperties("ichcds.dicomweb")
    record DicomWebProperties(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue("3") int maxRetries,
            @DefaultValue("200ms") Duration retryBackoff,
            @DefaultValue List<EndpointCredentials> credentials) {}

    /** Credentials of the endpoints whose base URL starts with {@code url}: a user and password, or a token. */
    record EndpointCredentials(String url, String username, String password, String token) {
        @Override
        public String toString() {
            return "EndpointCredentials[url=" + url + ", username=" + username + "]";
        }
    }

    public DicomWebClient client(URI base) {
        return new DicomWebClient(new DicomWebEndpoint(base, credentials(base)), settings());
    }

    DicomWebSettings settings() {
        return new DicomWebSettings(
                properties.connectTimeout(),
                properties.readTimeout(),
                properties.maxRetries(),
                properties.retryBackoff());
    }

    Credentials credentials(URI base) {
        String url = base.toString();
        EndpointCredentials best = null;
        for (EndpointCredentials candidate : properties.credentials()) {
            if (url.startsWith(candidate.url())
                    && (best == null || candidate.url().length() > best.url().length())) {
                best = candidate;
            }
        }
        if (best != null) {
            return best.token() != null && !best.token().isBlank()
                    ? Credentials.bearer(best.token())
                    : Credentials.basic(best.username(), best.password());
        }
        return Credentials.none();
    }
}
