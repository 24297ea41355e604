package org.ichcds.dicom;

import java.net.URI;
import java.util.Objects;

/**
 * A DICOMweb service root (for Orthanc: {@code http://host:port/dicom-web}) and the credentials it wants.
 *
 * @param baseUrl the service root, without a trailing slash
 */
public record DicomWebEndpoint(URI baseUrl, Credentials credentials) {

    public DicomWebEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("DICOMweb URL must be http or https: " + baseUrl);
        }
        if (baseUrl.getHost() == null) {
            throw new IllegalArgumentException("DICOMweb URL has no host: " + baseUrl);
        }
        String text = baseUrl.toString();
        baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** The URL of a path under the service root, e.g. {@code /studies/1.2.3/series}. */
    URI resolve(String path) {
        return URI.create(baseUrl + path);
    }
}
